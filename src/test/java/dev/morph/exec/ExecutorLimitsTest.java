package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallelism, resource totals and dependency order, as sequences of launches and ends of fake attempts. */
class ExecutorLimitsTest {
    @TempDir
    Path tmp;

    private RunHarness harness(String steps, int experiments) {
        RunHarness h = new RunHarness(tmp, steps);
        for (int i = 0; i < experiments; i++) {
            h.experiments("e" + i);
        }
        return h;
    }

    @Test
    void jobsFlag_neverRunsMoreThanNAtOnce_andStartsTheNextAsOneEnds() {
        RunHarness h = harness(RunHarness.step("work", null, ""), 6);
        RunHarness.Running run = h.run("r").jobs(2).start();
        for (int i = 0; i < 6; i++) {
            h.runner.awaitLaunches(Math.min(6, i + 2));
            assertEquals(Math.min(2, 6 - i), h.runner.running().size(), h.runner.jobs()::toString);
            h.succeed("work[e" + i + "]");
        }
        assertEquals(0, run.end().exitCode());
        assertEquals(2, h.runner.mostAtOnce());
        List<String> jobs = h.runner.jobs();
        assertEquals(Set.of("work[e0]", "work[e1]"), Set.copyOf(jobs.subList(0, 2)), "two launched at once, in either order");
        assertEquals(List.of("work[e2]", "work[e3]", "work[e4]", "work[e5]"), jobs.subList(2, 6), "then one as each ends, in plan order");
        assertEquals(6, run.state().path("metrics").path("completed").asInt());
    }

    @Test
    void oneJobAtATime_runsStrictlyInSequence() {
        RunHarness h = harness(RunHarness.step("work", null, ""), 3);
        RunHarness.Running run = h.run("r").jobs(1).start();
        for (int i = 0; i < 3; i++) {
            h.runner.awaitLaunches(i + 1);
            assertEquals(1, h.runner.running().size());
            h.succeed("work[e" + i + "]");
        }
        assertEquals(0, run.end().exitCode());
        assertEquals(1, h.runner.mostAtOnce());
    }

    @Test
    void gpuJobs_oneGpu_neverShareIt() {
        RunHarness h = harness(RunHarness.step("gpu", null, "resources: {gpus: 1}"), 4);
        RunHarness.Running run = h.run("r").jobs(4).resources("gpus=1").start();
        for (int i = 0; i < 4; i++) {
            h.runner.awaitLaunches(i + 1);
            assertEquals(1, h.runner.running().size());
            h.succeed("gpu[e" + i + "]");
        }
        assertEquals(0, run.end().exitCode());
        assertTrue(h.runner.launches().stream().allMatch(a -> "0".equals(a.spec.env().get("CUDA_VISIBLE_DEVICES"))),
                () -> h.runner.launches().stream().map(a -> a.spec.env().toString()).toList().toString());
    }

    @Test
    void gpuJobs_twoGpus_runTwoAtOnceOnDifferentDevices_andADeviceIsReusedOnceFree() {
        RunHarness h = harness(RunHarness.step("gpu", null, "resources: {gpus: 1}"), 4);
        RunHarness.Running run = h.run("r").jobs(4).resources("gpus=2").start();
        h.runner.awaitLaunches(2);
        assertEquals(2, h.runner.running().size());
        Set<String> devices = h.runner.running().stream().map(a -> a.spec.env().get("CUDA_VISIBLE_DEVICES")).collect(Collectors.toSet());
        assertEquals(Set.of("0", "1"), devices);
        String freed = h.runner.awaitRunning("gpu[e1]").spec.env().get("CUDA_VISIBLE_DEVICES");
        h.succeed("gpu[e1]");
        h.runner.awaitLaunches(3);
        assertEquals(freed, h.runner.awaitRunning("gpu[e2]").spec.env().get("CUDA_VISIBLE_DEVICES"), "e2 gets the device e1 freed");
        assertNotEquals(freed, h.runner.awaitRunning("gpu[e0]").spec.env().get("CUDA_VISIBLE_DEVICES"));
        h.succeed("gpu[e0]");
        h.succeed("gpu[e2]");
        h.succeed("gpu[e3]");
        assertEquals(0, run.end().exitCode());
        assertEquals(2, h.runner.mostAtOnce());
    }

    @Test
    void memoryTotal_limitsJobsByTheirMemory() {
        RunHarness h = harness(RunHarness.step("big", null, "resources: {mem: 6G}"), 4);
        RunHarness.Running run = h.run("r").jobs(4).resources("mem_gb=12").start();
        h.runner.awaitLaunches(2);
        assertEquals(2, h.runner.running().size());
        assertEquals("6144", h.runner.running().get(0).spec.env().get("MORPH_RES_MEM_MB"));
        for (int i = 0; i < 4; i++) {
            h.succeed("big[e" + i + "]");
        }
        assertEquals(0, run.end().exitCode());
        assertEquals(2, h.runner.mostAtOnce());
    }

    @Test
    void dependentJobs_startOnlyAfterTheirUpstreamSucceeds() {
        RunHarness h = harness(RunHarness.step("first", null, "") + RunHarness.step("second", "first", ""), 0).experiments("x", "y");
        RunHarness.Running run = h.run("r").jobs(4).start();
        h.runner.awaitLaunches(2);
        assertEquals(Set.of("first[x]", "first[y]"), Set.copyOf(h.runner.jobs()), "nothing of second before its first has ended");
        h.succeed("first[y]");
        h.runner.awaitRunning("second[y]");
        assertEquals(3, h.runner.jobs().size(), "second[x] still waits for first[x]");
        h.succeed("second[y]");
        h.succeed("first[x]");
        h.succeed("second[x]");
        assertEquals(0, run.end().exitCode());
        assertEquals("completed", run.state().path("status").asText());
    }
}
