package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.journal.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The local sampler on a real process tree that burns CPU and holds memory for a known while. */
class UsageSamplerTest {
    @Test
    void measuresTheTreesCpuAndPeakMemory() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")), "needs /proc (Linux)");
        // a child of sh (so the tree is measured, not just the root) that holds 64 MiB and spins for 0.8 s of CPU
        String burn = "b = bytearray(64 << 20)\nimport time\nt = time.process_time()\nwhile time.process_time() - t < 0.8: pass";
        try (UsageSampler sampler = new UsageSampler()) {
            Process p = new ProcessBuilder(List.of("sh", "-c", "python3 -c \"$0\"; true", burn)).inheritIO().start();
            JobRunner.Launched launched = sampler.measured(p, new JobRunner.Launched() {
                @Override
                public java.util.concurrent.CompletableFuture<JobRunner.Exit> exit() {
                    return p.onExit().thenApply(x -> JobRunner.Exit.of(x.exitValue()));
                }

                @Override
                public void terminate(java.time.Duration grace) {
                    p.destroyForcibly();
                }

                @Override
                public String handle() {
                    return Long.toString(p.pid());
                }
            });
            Usage u = launched.exit().get().usage();
            assertNotNull(u);
            assertTrue(u.wallMs() >= 800, u.toString());
            assertTrue(u.cpuMs() >= 400 && u.cpuMs() <= u.wallMs() + 200, "CPU a sample saw, at most the wall time: " + u);
            assertTrue(u.peakBytes() >= 64L << 20, "peak resident memory holds the 64 MiB buffer: " + u);
        }
    }

    /** The tree read down the kernel's children lists is the tree ProcessHandle finds by reading every process, a child forked by a second thread included. */
    @Test
    void tree_isTheProcessAndAllItsDescendants() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")), "needs /proc (Linux)");
        String forkFromThread = "import threading, subprocess\n"
                + "t = threading.Thread(target=lambda: subprocess.run(['sleep', '60']))\nt.start(); t.join()";
        Process p = new ProcessBuilder(List.of("sh", "-c", "sh -c 'sleep 60' & python3 -c \"$0\" & wait", forkFromThread)).start();
        try {
            ProcessHandle root = p.toHandle();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sleeps(root) < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, sleeps(root), "both sleeps have started");
            Set<Long> expected = new HashSet<>(List.of(root.pid()));
            root.descendants().forEach(d -> expected.add(d.pid()));
            assertEquals(expected, new HashSet<>(UsageSampler.tree(root)));
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static long sleeps(ProcessHandle root) {
        return root.descendants().filter(d -> d.info().command().orElse("").endsWith("/sleep")).count();
    }
}
