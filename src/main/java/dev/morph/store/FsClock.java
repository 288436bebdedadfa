package dev.morph.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * "Now" as the data root's file system sees it: writes a scratch file and reads back its mtime. On
 * NFS the server sets mtimes, so times compared with artifact mtimes are never skewed by a node's clock.
 * The scratch file ({@code .morph/clock/now}) is one file that every morph rewrites in place, never a
 * new one each time: a run asks twice per job, and creating and deleting a file each time made the
 * file system's inode allocator a large share of a run of short jobs.
 */
public final class FsClock implements Clock {
    private static final byte[] TICK = {'\n'};

    private final Path dir;
    private final Path scratch;

    public FsClock(StateLayout layout) {
        this.dir = layout.clock();
        this.scratch = dir.resolve("now");
    }

    /** The file system's current time in nanoseconds since the epoch. */
    @Override
    public long now() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        // another morph writing it meanwhile only makes the time read back later, still within this call
        NoLinks.check(scratch);
        Files.write(scratch, TICK, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        return Files.readAttributes(scratch, BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }
}
