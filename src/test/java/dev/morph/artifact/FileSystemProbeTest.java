package dev.morph.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.pipeline.ArtifactKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Artifact semantics: files, directories (newest regular file at any depth; empty = missing), globs. */
class FileSystemProbeTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path root = fs.getPath("/root");
    private final FileSystemProbe probe = new FileSystemProbe(root);

    private void file(String rel, long seconds) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, rel);
        Files.setLastModifiedTime(p, FileTime.fromMillis(seconds * 1000));
    }

    @Test
    void observe_file_existsWithItsMtime() throws IOException {
        file("a/x.csv", 42);
        Observation o = probe.observe(new Artifact(ArtifactKind.FILE, "a/x.csv"));
        assertTrue(o.exists());
        assertEquals(42_000_000_000L, o.mtime());
        assertFalse(probe.observe(new Artifact(ArtifactKind.FILE, "a/missing.csv")).exists());
    }

    @Test
    void observe_directoryDeclaredAsFile_isMissing() throws IOException {
        file("a/dir/x", 1);
        assertFalse(probe.observe(new Artifact(ArtifactKind.FILE, "a/dir")).exists());
    }

    @Test
    void observe_directory_hasNewestFileAtAnyDepth() throws IOException {
        file("d/one.png", 10);
        file("d/sub/deeper/two.png", 30);
        file("d/sub/three.png", 20);
        Files.setLastModifiedTime(root.resolve("d"), FileTime.fromMillis(99_000));
        Observation o = probe.observe(new Artifact(ArtifactKind.DIR, "d"));
        assertTrue(o.exists());
        assertEquals(30_000_000_000L, o.mtime(), "the directory's own mtime does not count");
        assertEquals("d/sub/deeper/two.png", o.newest());
        assertEquals(3, o.files());
    }

    @Test
    void observe_directoryWithOnlyEmptySubdirectories_isMissing() throws IOException {
        Files.createDirectories(root.resolve("d/a/b"));
        assertFalse(probe.observe(new Artifact(ArtifactKind.DIR, "d")).exists());
        assertFalse(probe.observe(new Artifact(ArtifactKind.DIR, "nope")).exists());
    }

    @Test
    void observe_glob_matchesOnlyItsPatternAndTakesNewest() throws IOException {
        file("seg/mask_v1/e1/a.png", 5);
        file("seg/mask_v1/e1/b.txt", 50);
        file("seg/yolk_v1/e1/c.png", 7);
        file("seg/yolk_v1/e2/d.png", 70);
        Observation o = probe.observe(new Artifact(ArtifactKind.GLOB, "seg/*_v1/e1/*.png"));
        assertTrue(o.exists());
        assertEquals(2, o.files());
        assertEquals(7_000_000_000L, o.mtime());
        assertEquals("seg/yolk_v1/e1/c.png", o.newest());
        assertFalse(probe.observe(new Artifact(ArtifactKind.GLOB, "seg/*_v1/e3/*.png")).exists());
    }

    @Test
    void observe_recursiveGlob_descendsAnyDepth() throws IOException {
        file("logs/a/b/c/run.log", 3);
        file("logs/top.log", 1);
        Observation o = probe.observe(new Artifact(ArtifactKind.GLOB, "logs/**.log"));
        assertEquals(2, o.files());
        assertEquals("logs/a/b/c/run.log", o.newest());
    }

    @Test
    void probeCache_failureOnAPoolThread_isThrownToWhoeverAsksForThatArtifact() throws IOException {
        file("a/x.csv", 1);
        Artifact good = new Artifact(ArtifactKind.FILE, "a/x.csv");
        Artifact bad = new Artifact(ArtifactKind.DIR, "unreadable");
        try (ProbeCache cache = new ProbeCache(a -> {
            if (a.equals(bad)) {
                throw new UncheckedIOException("cannot read unreadable/", new AccessDeniedException("unreadable"));
            }
            return probe.observe(a);
        }, ProbeWidth.fixed(3))) {
            cache.prefetch(List.of(bad, good));

            assertEquals(1_000_000_000L, cache.observe(good).mtime());
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> cache.observe(bad));
            assertEquals("cannot read unreadable/", e.getMessage());
            assertEquals(2, cache.probes());
        }
    }

    /** close() drops the read-ahead not started: the threads finish what they hold and take nothing more. */
    @Test
    void probeCache_close_dropsQueuedReadAhead() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Artifact> artifacts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            artifacts.add(new Artifact(ArtifactKind.FILE, "a/" + i));
        }
        ProbeCache cache = new ProbeCache(a -> {
            if (!a.equals(artifacts.get(9))) { // the read-ahead threads wait here, each on its first artifact
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Observation.ABSENT;
        }, ProbeWidth.fixed(2));
        cache.prefetch(artifacts);
        assertTrue(entered.await(30, TimeUnit.SECONDS), "both read-ahead threads started");

        cache.close();
        release.countDown();

        cache.observe(artifacts.get(0)); // waits for the threads' own two
        cache.observe(artifacts.get(1));
        cache.observe(artifacts.get(9)); // never started by them: the caller probes it
        assertEquals(3, cache.probes());
    }

    @Test
    void probeCache_probesEachArtifactOnce() throws IOException {
        file("a/x.csv", 1);
        int[] calls = {0};
        ProbeCache cache = new ProbeCache(a -> {
            calls[0]++;
            return probe.observe(a);
        });
        Artifact a = new Artifact(ArtifactKind.FILE, "a/x.csv");
        cache.observe(a);
        cache.observe(new Artifact(ArtifactKind.FILE, "a/x.csv"));
        assertEquals(1, calls[0]);
        assertEquals(1, cache.probes());
    }
}
