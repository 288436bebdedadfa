package dev.morph.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the files of an artifact look like on a root, seen file by file as Make and Ninja see them:
 * whether every file exists, and the oldest and newest mtime among those that do (seconds).
 */
@FunctionalInterface
public interface FileTimes {
    /** {@code complete}: every file exists; {@code oldest}/{@code newest} over the existing files (MAX/MIN if none). */
    record Times(boolean complete, long oldest, long newest) {
    }

    Times of(BenchGraph.FileSet artifact);

    /** Reads the files themselves: one stat per file. */
    static FileTimes onDisk(Path root) {
        return artifact -> {
            boolean complete = true;
            long oldest = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            for (String f : artifact.files()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(root.resolve(f), BasicFileAttributes.class);
                    long t = a.lastModifiedTime().toMillis() / 1000;
                    oldest = Math.min(oldest, t);
                    newest = Math.max(newest, t);
                } catch (NoSuchFileException e) {
                    complete = false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new Times(complete, oldest, newest);
        };
    }
}
