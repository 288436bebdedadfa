package dev.morph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Now" as the file system stamps it: comparable with a file written just before, from one scratch file reused. */
class FsClockTest {
    @TempDir
    Path root;

    @Test
    void now_isTheFileSystemsTime_fromOneScratchFile() throws IOException {
        StateLayout layout = new StateLayout(root);
        FsClock clock = new FsClock(layout);
        Path before = root.resolve("written-before");
        Files.writeString(before, "x");
        long first = clock.now();
        long second = clock.now();
        assertTrue(first >= Files.getLastModifiedTime(before).to(TimeUnit.NANOSECONDS), "not before a file written earlier");
        assertTrue(second >= first);
        Files.setLastModifiedTime(layout.clock().resolve("now"), FileTime.fromMillis(0));
        assertTrue(clock.now() >= second, "rewritten, not read back stale");
        try (Stream<Path> files = Files.list(layout.clock())) {
            assertEquals(List.of("now"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
