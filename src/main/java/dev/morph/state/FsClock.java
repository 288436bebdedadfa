package dev.morph.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * "Now" as the data root's file system sees it: creates a scratch file and reads back its mtime. On
 * NFS the server sets mtimes, so times compared with artifact mtimes are never skewed by a node's clock.
 */
public final class FsClock implements Clock {
    private final Path dir;

    public FsClock(StateLayout layout) {
        this.dir = layout.clock();
    }

    /** The file system's current time in nanoseconds since the epoch. */
    @Override
    public long now() throws IOException {
        Files.createDirectories(dir);
        Path probe = Files.createTempFile(dir, "now-", "");
        try {
            return Files.readAttributes(probe, BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
