package dev.morph.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Probes artifacts on any {@link java.nio.file.FileSystem} with one pass per artifact: a file is one
 * attribute read; a directory, or a glob with {@code **}, is one {@link TreeScan} of the tree below it,
 * which reads each entry's attributes relative to its open parent directory; other globs are walked
 * segment by segment ({@link GlobWalk}). Symbolic links are followed (raw data is often linked in).
 * Every observation reads the file system afresh, except that a probe made {@link #forOnePlan} lists each
 * directory once for all the globs it answers. {@link ReferenceProbe} gives the same answers the plain way.
 */
public final class FileSystemProbe implements ArtifactProbe {
    private final Path root;
    private final boolean relative;
    private final GlobWalk sharedListings;

    /** A probe whose every observation reads the file system afresh (a run checking outputs as jobs end). */
    public FileSystemProbe(Path root) {
        this(root, true, false);
    }

    /**
     * {@code relative}: false forces the portable walk even where directory-relative reads are offered
     * (tests); {@code shareListings}: globs share directory listings, read once.
     */
    FileSystemProbe(Path root, boolean relative, boolean shareListings) {
        this.root = root;
        this.relative = relative;
        this.sharedListings = shareListings ? new GlobWalk(root) : null;
    }

    /**
     * A probe for one plan, during which nothing is written: per-experiment globs under one shared
     * directory are answered from one listing of it, instead of one listing per experiment.
     */
    public static FileSystemProbe forOnePlan(Path root) {
        return new FileSystemProbe(root, true, true);
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
        while (fixed < segments.length - 1 && literalStart(segments[fixed]).equals(segments[fixed])) {
            base.append(fixed == 0 ? "" : "/").append(segments[fixed]);
            fixed++;
        }
        Path start = base.length() == 0 ? root : root.resolve(base.toString());
        List<String> rest = Arrays.asList(segments).subList(fixed, segments.length);
        if (bySegment(rest)) {
            List<PathMatcher> levels = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (String segment : rest) {
                levels.add(root.getFileSystem().getPathMatcher("glob:" + segment));
                prefixes.add(literalStart(segment));
            }
            return (sharedListings != null ? sharedListings : new GlobWalk(root)).scan(start, levels, prefixes);
        }
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : segments.length - fixed;
        PathMatcher matcher = root.getFileSystem().getPathMatcher("glob:" + pattern);
        return TreeScan.scan(root, start, matcher, depth, relative);
    }

    /**
     * Whether the pattern's segments can be matched one at a time: no {@code **}, no escapes, and no brace
     * group spanning a {@code /} (which shows as unbalanced braces within a segment).
     */
    private static boolean bySegment(List<String> segments) {
        for (String segment : segments) {
            if (segment.contains("**") || segment.contains("\\")
                    || segment.chars().filter(c -> c == '{').count() != segment.chars().filter(c -> c == '}').count()) {
                return false;
            }
        }
        return true;
    }

    /** The segment's text before its first wildcard: every name it matches starts with it. */
    private static String literalStart(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if ("*?[{".indexOf(segment.charAt(i)) >= 0) {
                return segment.substring(0, i);
            }
        }
        return segment;
    }
}
