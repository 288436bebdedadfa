package dev.morph.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Probes artifacts on any {@link java.nio.file.FileSystem} with one pass per artifact: a file is one
 * attribute read; a directory or glob is one {@link TreeScan} of the tree below it, which reads each
 * entry's attributes relative to its open parent directory. Symbolic links are followed (raw data is
 * often linked in). {@link ReferenceProbe} gives the same answers the plain way.
 */
public final class FileSystemProbe implements ArtifactProbe {
    private final Path root;
    private final boolean relative;

    public FileSystemProbe(Path root) {
        this(root, true);
    }

    /** {@code relative}: false forces the portable walk even where directory-relative reads are offered (tests). */
    FileSystemProbe(Path root, boolean relative) {
        this.root = root;
        this.relative = relative;
    }

    @Override
    public Observation observe(Artifact artifact) {
        try {
            return switch (artifact.kind()) {
                case FILE -> file(artifact.path());
                case DIR -> TreeScan.scan(root, root.resolve(artifact.path()), null, Integer.MAX_VALUE, relative);
                case GLOB -> glob(artifact.path());
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + artifact.display() + " under " + root + ": " + e.getMessage(), e);
        }
    }

    private Observation file(String path) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(root.resolve(path), BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Observation.ABSENT;
            }
            return new Observation(true, attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), path, 1);
        } catch (NoSuchFileException e) {
            return Observation.ABSENT;
        }
    }

    /**
     * Walks from the longest wildcard-free prefix, only as deep as the pattern reaches unless it has
     * {@code **}. A pattern outside the data root is absolute and matched against absolute paths.
     */
    private Observation glob(String pattern) throws IOException {
        boolean absolute = pattern.startsWith("/");
        String[] segments = (absolute ? pattern.substring(1) : pattern).split("/");
        StringBuilder base = new StringBuilder(absolute ? "/" : "");
        int fixed = 0;
        while (fixed < segments.length - 1 && !segments[fixed].matches(".*[*?\\[{].*")) {
            base.append(fixed == 0 ? "" : "/").append(segments[fixed]);
            fixed++;
        }
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : segments.length - fixed;
        PathMatcher matcher = root.getFileSystem().getPathMatcher("glob:" + pattern);
        return TreeScan.scan(root, base.length() == 0 ? root : root.resolve(base.toString()), matcher, depth, relative);
    }
}
