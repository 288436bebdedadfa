package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallelism and resource limits, proven by the order of start/end lines the jobs append. */
class RunLimitsTest {
    private static final String EVENTS = """
            work:
              inputs:
                data: raw/{exp}/
              outputs:
                out: out/{exp}.txt
              command: "echo start {exp} >> {root}/events.log; sleep 0.3; echo end {exp} >> {root}/events.log; echo done > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    @Test
    void run_jobsFlag_neverRunsMoreThanNAtOnce() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(EVENTS));
        for (int i = 0; i < 6; i++) {
            f.experiment("e" + i);
        }
        RunFixture.Result r = f.morph("run", "-j", "2");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> events = f.lines("events.log");
        assertEquals(12, events.size(), events::toString);
        assertEquals(2, RunFixture.maxConcurrent(events), events::toString);
    }

    @Test
    void run_oneJobAtATime_runsStrictlyInSequence() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(EVENTS));
        for (int i = 0; i < 3; i++) {
            f.experiment("e" + i);
        }
        assertEquals(0, f.morph("run", "-j", "1").exitCode());
        assertEquals(1, RunFixture.maxConcurrent(f.lines("events.log")));
    }

    @Test
    void run_gpuJobs_neverShareTheGpu() {
        String steps = """
                gpu:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  resources: {gpus: 1}
                  command: "echo start {exp} $CUDA_VISIBLE_DEVICES >> {root}/events.log; sleep 0.3; echo end {exp} >> {root}/events.log; echo x > {outputs.out}"
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        for (int i = 0; i < 4; i++) {
            f.experiment("e" + i);
        }
        RunFixture.Result r = f.morph("run", "-j", "4", "--resources", "gpus=1");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> events = f.lines("events.log");
        assertEquals(1, RunFixture.maxConcurrent(events), events::toString);
        assertTrue(events.stream().filter(e -> e.startsWith("start")).allMatch(e -> e.endsWith(" 0")), events::toString);
    }

    @Test
    void run_twoGpus_runTwoGpuJobsOnDifferentDevices() {
        String steps = """
                gpu:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  resources: {gpus: 1}
                  command: "echo start {exp} >> {root}/events.log; echo $CUDA_VISIBLE_DEVICES > {root}/dev-{exp}; sleep 0.3; echo end {exp} >> {root}/events.log; echo x > {outputs.out}"
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        for (int i = 0; i < 4; i++) {
            f.experiment("e" + i);
        }
        assertEquals(0, f.morph("run", "-j", "4", "--resources", "gpus=2").exitCode());
        List<String> events = f.lines("events.log");
        assertEquals(2, RunFixture.maxConcurrent(events), events::toString);
        for (int i = 0; i < 4; i++) {
            String device = f.read("dev-e" + i).trim();
            assertTrue(device.equals("0") || device.equals("1"), device);
        }
    }

    @Test
    void run_memoryTotal_limitsJobsByTheirMemory() {
        String steps = """
                big:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  resources: {mem: 6G}
                  command: "echo start {exp} >> {root}/events.log; sleep 0.2; echo end {exp} >> {root}/events.log; echo x > {outputs.out}"
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        for (int i = 0; i < 4; i++) {
            f.experiment("e" + i);
        }
        assertEquals(0, f.morph("run", "-j", "4", "--resources", "mem_gb=12").exitCode());
        assertEquals(2, RunFixture.maxConcurrent(f.lines("events.log")));
    }

    @Test
    void run_dependentJobs_startOnlyAfterTheirUpstreamEnds() {
        String steps = """
                first:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: a/{exp}.txt
                  command: "echo start first-{exp} >> {root}/events.log; sleep 0.2; echo x > {outputs.out}; echo end first-{exp} >> {root}/events.log"
                second:
                  inputs:
                    a: {from: first}
                  outputs:
                    out: b/{exp}.txt
                  command: "echo start second-{exp} >> {root}/events.log; cat {inputs.a} > {outputs.out}; echo end second-{exp} >> {root}/events.log"
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        f.experiment("x").experiment("y");
        assertEquals(0, f.morph("run", "-j", "4").exitCode());
        List<String> events = f.lines("events.log");
        for (String e : List.of("x", "y")) {
            assertTrue(events.indexOf("end first-" + e) < events.indexOf("start second-" + e), events::toString);
        }
        assertEquals("x\n", f.read("b/x.txt"));
    }
}
