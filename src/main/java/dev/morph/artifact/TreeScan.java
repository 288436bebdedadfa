package dev.morph.artifact;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * One pass over the tree below a directory: counts its regular files (those a glob matches, if one is
 * given) and finds the newest, by the rules of {@link Files#walkFileTree} following links — depth-first
 * in listing order, a link that cannot be followed is no file, a link back to an ancestor is not
 * entered again, a file that vanishes meanwhile is skipped, any other error fails the scan.
 *
 * <p>Where the file system offers a {@link SecureDirectoryStream} (Linux, Jimfs) the scan reads each
 * entry's attributes relative to its open parent directory ({@code fstatat}) and opens subdirectories
 * the same way, so the kernel resolves one name per file instead of the whole path; that is the
 * dearest part of a million-file walk. Elsewhere it is {@code walkFileTree} itself.
 */
final class TreeScan {
    private final Path root;
    private final PathMatcher matcher;
    private final int maxDepth;
    private long count;
    private long mtime = Long.MIN_VALUE;
    private Path newest;

    private TreeScan(Path root, PathMatcher matcher, int maxDepth) {
        this.root = root;
        this.matcher = matcher;
        this.maxDepth = maxDepth;
    }

    /**
     * Scans below {@code start}, counting regular files at depth 1 to {@code maxDepth} whose path
     * relative to {@code root} (absolute, outside it) {@code matcher} accepts (null: every one).
     * {@code relative}: use directory-relative reads where offered.
     */
    static Observation scan(Path root, Path start, PathMatcher matcher, int maxDepth, boolean relative) throws IOException {
        TreeScan scan = new TreeScan(root, matcher, maxDepth);
        if (relative) {
            switch (scan.relativeWalk(start)) {
                case WALKED:
                    return scan.observation();
                case NO_DIRECTORY:
                    return Observation.ABSENT;
                case NOT_OFFERED:
                    break;
            }
        }
        if (directory(start) == null) {
            return Observation.ABSENT;
        }
        scan.portableWalk(start);
        return scan.observation();
    }

    /**
     * The attributes of {@code start} if it is a directory as {@code Files.isDirectory} sees one; null
     * if it is missing, a dangling link, unreadable or not a directory.
     */
    static BasicFileAttributes directory(Path start) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(start, BasicFileAttributes.class);
            return attrs.isDirectory() ? attrs : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Observation observation() {
        return count == 0 ? Observation.ABSENT : new Observation(true, mtime, shown(root, newest).toString(), count);
    }

    /** A file as artifacts name it: relative to the data root, or absolute when it lies outside. */
    static Path shown(Path root, Path file) {
        return file.startsWith(root) ? root.relativize(file) : file;
    }

    /** How a directory-relative walk went. */
    private enum RelativeWalk {
        WALKED,
        NO_DIRECTORY,
        /** No such reads on this file system, or the directory would not open: the portable walk decides. */
        NOT_OFFERED
    }

    /**
     * Walks with directory-relative reads. The directory's path is resolved once, by opening it; its
     * own attributes come from the open directory.
     */
    private RelativeWalk relativeWalk(Path start) throws IOException {
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(start);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return RelativeWalk.NO_DIRECTORY;
        } catch (IOException e) {
            return RelativeWalk.NOT_OFFERED;
        }
        try (stream) {
            if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
                return RelativeWalk.NOT_OFFERED;
            }
            Object key = secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            walk(secure, 0, new Ancestor(start, key, null));
            return RelativeWalk.WALKED;
        }
    }

    private void walk(SecureDirectoryStream<Path> dir, int depth, Ancestor ancestors) throws IOException {
        try {
            for (Path entry : dir) {
                Path name = entry.getFileName();
                BasicFileAttributes attrs = attributes(dir, name);
                if (attrs == null) {
                    continue;
                }
                if (attrs.isDirectory() && depth + 1 < maxDepth) {
                    descend(dir, entry, name, attrs.fileKey(), depth + 1, ancestors);
                } else if (attrs.isRegularFile()) {
                    file(entry, attrs);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private void descend(SecureDirectoryStream<Path> parent, Path dir, Path name, Object key, int depth, Ancestor ancestors)
            throws IOException {
        if (ancestors.contains(dir, key)) {
            return; // a link back up the tree: its files are counted where they really are
        }
        SecureDirectoryStream<Path> sub;
        try {
            sub = parent.newDirectoryStream(name);
        } catch (NoSuchFileException e) {
            return;
        }
        try (sub) {
            walk(sub, depth, new Ancestor(dir, key, ancestors));
        }
    }

    /** The entry's attributes following links; a link that cannot be followed is seen as itself; null if it vanished. */
    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class).readAttributes();
        } catch (IOException notFollowed) {
            try {
                return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
    }

    private void file(Path file, BasicFileAttributes attrs) {
        if (matcher != null && !matcher.matches(shown(root, file))) {
            return;
        }
        count++;
        long t = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (t > mtime) {
            mtime = t;
            newest = file;
        }
    }

    private void portableWalk(Path start) throws IOException {
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), maxDepth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    file(file, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // A file that vanished or a link loop is not a file of the artifact; anything else is a real error.
                if (e instanceof NoSuchFileException || e instanceof FileSystemLoopException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** The directories above the one being listed, to tell a link back up the tree (as walkFileTree does). */
    record Ancestor(Path dir, Object key, Ancestor parent) {
        boolean contains(Path candidate, Object candidateKey) {
            for (Ancestor a = this; a != null; a = a.parent) {
                if (candidateKey != null && a.key != null) {
                    if (candidateKey.equals(a.key)) {
                        return true;
                    }
                } else if (sameFile(candidate, a.dir)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sameFile(Path a, Path b) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException | SecurityException e) {
                return false;
            }
        }
    }
}
