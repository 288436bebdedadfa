package dev.morph.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State files are replaced whole: a reader sees the old content or the new, and a failed write leaves the old one and no temp file. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void write_replacesTheFileWhole_creatingItsDirectory() throws IOException {
        Path f = dir.resolve("a/b/state.json");
        AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(f, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("state.json"), names(f.getParent()));
    }

    @Test
    void aFailedWrite_leavesThePreviousFileAndNoTempFile() throws IOException {
        Path f = dir.resolve("state.json");
        AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
        Path blocker = dir.resolve("sub");
        Files.writeString(blocker, "a file where a directory should be");
        assertThrows(IOException.class, () -> AtomicFiles.write(blocker.resolve("x.json"), new byte[] {1}));
        Files.createDirectory(dir.resolve("target.json"));
        Files.writeString(dir.resolve("target.json/inside"), "x");
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("target.json"), "new".getBytes(StandardCharsets.UTF_8)),
                "a non-empty directory cannot be replaced");
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("state.json", "sub", "target.json"), names(dir));
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
