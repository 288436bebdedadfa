package dev.morph.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When morph remakes its class-data archive: only when it is missing, older than the executable or the
 * JDK, or a real archive this JVM did not map; never again after a failed attempt left its empty marker.
 */
class ClassArchiveTest {
    private static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path tmp;

    private Path exe;
    private Path modules;
    private Path archive;

    @BeforeEach
    void files() throws IOException {
        exe = file("morph", "launcher and jar", T);
        modules = file("modules", "the JDK's classes", T.minusSeconds(86_400));
        archive = tmp.resolve("morph.jsa");
    }

    private Path file(String name, String content, Instant mtime) throws IOException {
        Path p = Files.writeString(tmp.resolve(name), content);
        Files.setLastModifiedTime(p, FileTime.from(mtime));
        return p;
    }

    @Test
    void missingArchive_isMade() throws IOException {
        assertTrue(ClassArchive.needsMaking(archive, exe, modules, true));
    }

    @Test
    void archiveNewerThanExecutableAndJdk_thatTheJvmMapped_isKept() throws IOException {
        file("morph.jsa", "archive", T.plusSeconds(5));

        assertFalse(ClassArchive.needsMaking(archive, exe, modules, true));
    }

    @Test
    void archiveOlderThanARebuiltExecutable_isMade() throws IOException {
        file("morph.jsa", "archive", T.minusSeconds(5));

        assertTrue(ClassArchive.needsMaking(archive, exe, modules, false));
    }

    @Test
    void archiveOlderThanAnUpdatedJdk_isMade() throws IOException {
        file("morph.jsa", "archive", T.plusSeconds(5));
        Files.setLastModifiedTime(modules, FileTime.from(T.plusSeconds(60)));

        assertTrue(ClassArchive.needsMaking(archive, exe, modules, true));
    }

    @Test
    void freshArchiveTheJvmDidNotMap_isMade() throws IOException {
        // another JDK than the one that made it, or the executable moved with its archive
        file("morph.jsa", "archive", T.plusSeconds(5));

        assertTrue(ClassArchive.needsMaking(archive, exe, modules, false));
    }

    @Test
    void emptyMarkerOfAFailedAttempt_isNotRetriedUntilSomethingChanges() throws IOException {
        file("morph.jsa", "", T.plusSeconds(5));

        assertFalse(ClassArchive.needsMaking(archive, exe, modules, false));
        Files.setLastModifiedTime(exe, FileTime.from(T.plusSeconds(60)));
        assertTrue(ClassArchive.needsMaking(archive, exe, modules, false));
    }

    @Test
    void optionsForMaking_areThisJvmsLessClassDataSharingAndMorphProperties() {
        List<String> java = ClassArchive.javaWithOptions();

        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), java.get(0));
        assertTrue(java.stream().skip(1).allMatch(a -> a.startsWith("-")), java::toString);
        assertTrue(java.stream().noneMatch(a -> a.startsWith("-Xshare") || a.startsWith("-XX:SharedArchiveFile")
                || a.startsWith("-Dmorph.")), java::toString);
    }
}
