package dev.morph.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * Probes artifacts on any {@link java.nio.file.FileSystem} with one pass per artifact: a file is one
 * attribute read; a directory or glob is one {@link Files#walkFileTree} that reads each entry's
 * attributes with the listing. Symbolic links are followed (raw data is often linked in).
 */
public final class FileSystemProbe implements ArtifactProbe {
    private final Path root;

    public FileSystemProbe(Path root) {
        this.root = root;
    }

    @Override
    public Observation observe(Artifact artifact) {
        try {
            return switch (artifact.kind()) {
                case FILE -> file(artifact.path());
                case DIR -> walk(root.resolve(artifact.path()), null, Integer.MAX_VALUE);
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

    private Observation glob(String pattern) throws IOException {
        String[] segments = pattern.split("/");
        StringBuilder base = new StringBuilder();
        int fixed = 0;
        while (fixed < segments.length - 1 && !segments[fixed].matches(".*[*?\\[{].*")) {
            base.append(base.length() == 0 ? "" : "/").append(segments[fixed]);
            fixed++;
        }
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : segments.length - fixed;
        PathMatcher matcher = root.getFileSystem().getPathMatcher("glob:" + pattern);
        return walk(base.length() == 0 ? root : root.resolve(base.toString()), matcher, depth);
    }

    private Observation walk(Path start, PathMatcher matcher, int depth) throws IOException {
        if (!Files.isDirectory(start)) {
            return Observation.ABSENT;
        }
        Newest newest = new Newest();
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && (matcher == null || matcher.matches(root.relativize(file)))) {
                    newest.add(file, attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A dangling link or a link loop is not a file of the artifact; anything else is a real error.
                if (e instanceof NoSuchFileException || e instanceof java.nio.file.FileSystemLoopException) {
                    return FileVisitResult.CONTINUE;
                }
                throw new UncheckedIOException(e);
            }
        });
        if (newest.count == 0) {
            return Observation.ABSENT;
        }
        return new Observation(true, newest.mtime, root.relativize(newest.file).toString(), newest.count);
    }

    private static final class Newest {
        long count;
        long mtime = Long.MIN_VALUE;
        Path file;

        void add(Path f, long t) {
            count++;
            if (t > mtime) {
                mtime = t;
                file = f;
            }
        }
    }
}
