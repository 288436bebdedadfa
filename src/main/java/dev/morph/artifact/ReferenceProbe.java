package dev.morph.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The artifact rules of DESIGN.md written the plain way, as the yardstick that {@link FileSystemProbe}
 * must match: no cache, no threads, no directory-relative reads — a recursive listing following links,
 * with separate {@code isDirectory}, {@code isRegularFile} and mtime reads per path. Slow on purpose;
 * tests compare the two, and {@code MORPH_PROBE=reference} makes morph use it on a real data root.
 */
public final class ReferenceProbe implements ArtifactProbe {
    private final Path root;

    public ReferenceProbe(Path root) {
        this.root = root;
    }

    @Override
    public Observation observe(Artifact artifact) {
        try {
            Path path = root.resolve(artifact.path());
            return switch (artifact.kind()) {
                case FILE -> Files.isRegularFile(path)
                        ? new Observation(true, mtime(path), artifact.path(), 1)
                        : Observation.ABSENT;
                case DIR -> newest(path, null);
                case GLOB -> newest(globBase(artifact.path()), root.getFileSystem().getPathMatcher("glob:" + artifact.path()));
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + artifact.display() + " under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The directory a glob's matches lie under: its leading segments without wildcards (from "/" when absolute). */
    private Path globBase(String pattern) {
        boolean absolute = pattern.startsWith("/");
        String[] segments = (absolute ? pattern.substring(1) : pattern).split("/");
        Path base = absolute ? root.getFileSystem().getPath("/") : root;
        for (int i = 0; i < segments.length - 1 && segments[i].chars().noneMatch(c -> "*?[{".indexOf(c) >= 0); i++) {
            base = base.resolve(segments[i]);
        }
        return base;
    }

    /** A file as artifacts name it: relative to the data root, or absolute when it lies outside. */
    private Path shown(Path file) {
        return file.startsWith(root) ? root.relativize(file) : file;
    }

    private Observation newest(Path dir, PathMatcher matcher) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Observation.ABSENT;
        }
        List<Path> files = new ArrayList<>();
        collect(dir, List.of(dir.toRealPath()), files);
        long count = 0;
        long newestTime = Long.MIN_VALUE;
        Path newest = null;
        for (Path f : files) {
            if (matcher != null && !matcher.matches(shown(f))) {
                continue;
            }
            count++;
            long t = mtime(f);
            if (t > newestTime) {
                newestTime = t;
                newest = f;
            }
        }
        return count == 0 ? Observation.ABSENT : new Observation(true, newestTime, shown(newest).toString(), count);
    }

    /** Every regular file below {@code dir}, depth first in listing order; a link back to an ancestor is not entered. */
    private static void collect(Path dir, List<Path> ancestors, List<Path> into) throws IOException {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = listing.toList();
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                Path real = entry.toRealPath();
                if (!ancestors.contains(real)) {
                    List<Path> deeper = new ArrayList<>(ancestors);
                    deeper.add(real);
                    collect(entry, deeper, into);
                }
            } else if (Files.isRegularFile(entry)) {
                into.add(entry);
            }
        }
    }

    private static long mtime(Path file) throws IOException {
        return Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
    }
}
