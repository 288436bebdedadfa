package dev.morph;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads small files (pipeline files, journal records) whole. On the default file system through
 * {@code java.io}, whose classes are loaded at start anyway: {@link Files#readAllBytes} opens a file
 * channel, and a command's first one loads its classes and two native libraries (about 2 ms of a
 * short command). Elsewhere (Jimfs in tests) through {@link Files}. A missing file is a
 * {@link NoSuchFileException} either way.
 */
public final class SmallFiles {
    private SmallFiles() {
    }

    public static byte[] read(Path file) throws IOException {
        if (file.getFileSystem() != FileSystems.getDefault()) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw e;
        }
    }
}
