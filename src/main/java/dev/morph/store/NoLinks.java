package dev.morph.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * morph never follows a symbolic link inside {@code .morph/}: one planted there (at the clock's scratch
 * file, a lock, a run or journal directory) would make morph write a file outside the data root.
 */
public final class NoLinks {
    private NoLinks() {
    }

    /**
     * Fails if {@code file}, or a directory between it and the nearest {@code .morph} above it, is a
     * symbolic link; paths outside any {@code .morph} are not checked.
     */
    public static void check(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        if (!insideMorph(p)) {
            return;
        }
        for (; p != null && !isMorph(p); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException(p + " is a symbolic link; morph never follows links inside .morph/ (remove it)");
            }
        }
    }

    private static boolean insideMorph(Path p) {
        for (Path q = p.getParent(); q != null; q = q.getParent()) {
            if (isMorph(q)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMorph(Path p) {
        return p.getFileName() != null && p.getFileName().toString().equals(".morph");
    }
}
