package dev.morph.artifact;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Answers globs that can be matched one path segment at a time (no {@code **}) from directory listings,
 * each read once for as long as this walk is kept: a planning probe keeps one for the whole plan, so that
 * per-experiment globs under one shared directory — {@code metadata/{well,plate}_metadata/{exp}_well_metadata*.xlsx}
 * for every experiment — do not list that directory and read the attributes of all its files once per
 * experiment (quadratic in the number of experiments). A segment's literal prefix picks its candidates
 * from a sorted index, and only names the segment matches are examined. The rules are {@link TreeScan}'s
 * (links followed, a link back up the tree not entered, listing order for ties).
 */
final class GlobWalk {
    private final Path root;
    private final Map<Path, FutureTask<Listing>> listings = new ConcurrentHashMap<>();

    GlobWalk(Path root) {
        this.root = root;
    }

    /** One directory's entries in listing order, and their positions sorted by name (for prefix lookups). */
    private record Listing(List<Path> entries, String[] sortedNames, int[] byName) {
        static final Listing EMPTY = new Listing(List.of(), new String[0], new int[0]);

        static Listing of(List<Path> entries) {
            Integer[] order = new Integer[entries.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparing(i -> entries.get(i).getFileName().toString()));
            String[] names = new String[order.length];
            int[] positions = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                positions[i] = order[i];
                names[i] = entries.get(order[i]).getFileName().toString();
            }
            return new Listing(List.copyOf(entries), names, positions);
        }

        /** The entries whose names start with {@code prefix}, in listing order. */
        List<Path> startingWith(String prefix) {
            if (prefix.isEmpty()) {
                return entries;
            }
            int from = lowerBound(prefix);
            int to = from;
            while (to < sortedNames.length && sortedNames[to].startsWith(prefix)) {
                to++;
            }
            int[] picked = Arrays.copyOfRange(byName, from, to);
            Arrays.sort(picked);
            List<Path> out = new ArrayList<>(picked.length);
            for (int i : picked) {
                out.add(entries.get(i));
            }
            return out;
        }

        private int lowerBound(String key) {
            int lo = 0;
            int hi = sortedNames.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sortedNames[mid].compareTo(key) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** A glob's walk state: what it counted so far. */
    private final class Scan {
        private final List<PathMatcher> levels;
        private final List<String> prefixes;
        private long count;
        private long mtime = Long.MIN_VALUE;
        private Path newest;

        Scan(List<PathMatcher> levels, List<String> prefixes) {
            this.levels = levels;
            this.prefixes = prefixes;
        }

        void walk(Path dir, int level, TreeScan.Ancestor ancestors) throws IOException {
            boolean last = level == levels.size() - 1;
            for (Path entry : listing(dir).startingWith(prefixes.get(level))) {
                if (!levels.get(level).matches(entry.getFileName())) {
                    continue;
                }
                BasicFileAttributes attrs = attributes(entry);
                if (attrs == null) {
                    continue;
                }
                if (last && attrs.isRegularFile()) {
                    count++;
                    long t = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                    if (t > mtime) {
                        mtime = t;
                        newest = entry;
                    }
                } else if (!last && attrs.isDirectory() && !ancestors.contains(entry, attrs.fileKey())) {
                    walk(entry, level + 1, new TreeScan.Ancestor(entry, attrs.fileKey(), ancestors));
                }
            }
        }
    }

    /**
     * Counts the regular files below {@code base} that the segments {@code levels} match, one per level
     * ({@code prefixes}: each segment's literal start), and finds the newest.
     */
    Observation scan(Path base, List<PathMatcher> levels, List<String> prefixes) throws IOException {
        BasicFileAttributes attrs = TreeScan.directory(base);
        if (attrs == null) {
            return Observation.ABSENT;
        }
        Scan scan = new Scan(levels, prefixes);
        scan.walk(base, 0, new TreeScan.Ancestor(base, attrs.fileKey(), null));
        return scan.count == 0 ? Observation.ABSENT
                : new Observation(true, scan.mtime, TreeScan.shown(root, scan.newest).toString(), scan.count);
    }

    /** The directory's listing, read once however many walkers ask for it at the same time. */
    private Listing listing(Path dir) throws IOException {
        FutureTask<Listing> task = listings.computeIfAbsent(dir, d -> new FutureTask<>(() -> read(d)));
        task.run(); // does nothing if another walker has started it or it is done
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while listing " + dir);
        }
    }

    private static Listing read(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Listing.EMPTY; // gone since we looked
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return Listing.of(entries);
    }

    /** The entry's attributes following links; a link that cannot be followed is seen as itself; null if it vanished. */
    private static BasicFileAttributes attributes(Path entry) throws IOException {
        try {
            return Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (IOException notFollowed) {
            try {
                return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
    }
}
