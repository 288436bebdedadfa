package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.exec.Evidence;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a job's record says is what happened, on real schedulers: a pending job deleted behind morph's
 * back is CANCELLED (with the scheduler's final state, not the last one seen), Ctrl-C with a job still
 * queued ends the run without waiting out --latency-wait, a Grid Engine job stuck in {@code Eqw} is
 * reported with the scheduler's reason and removed, a job that wrote its exit code never makes
 * morph wait for Grid Engine's (possibly slow) accounting, and a job over its {@code mem} is
 * OUT_OF_MEMORY (SLURM's cgroup kill, Grid Engine's {@code h_vmem} kill) while under a generous one it succeeds.
 */
class ClusterOutcomeTest {
    /** Submit options that keep a job waiting in the queue for an hour. */
    private static final String LATER = """
              executor:
                slurm: {submit_args: ["--begin=now+1hour"]}
                sge: {submit_args: ["-a", "203001010000"]}
            """;

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    /** {@code morph run} with the quick polling of the other tests but a long --latency-wait, which nothing here should wait out. */
    private static String[] patient(String kind, String runId) {
        return new String[] {"run", "--executor", kind, "--poll-interval", "300ms", "--latency-wait", "300s", "--run-id", runId};
    }

    private static String executorId(RunFixture f, String runId) {
        JsonNode state = Evidence.stateOrNull(f.root, runId);
        JsonNode id = state == null ? null : f.job(state, "work[a]").get("executor_id");
        return id == null || id.isNull() ? null : id.asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void pendingJobDeletedBehindMorphsBack_isCancelled_withItsFinalState(String kind) throws IOException {
        BatchSystem batch = Schedulers.require(kind);
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo ok > {outputs.out}\n") + LATER);
        f.experiment("a");
        Process morph = f.morphProcess("m", patient(kind, "p1"));
        Evidence.await("the job to be queued", () -> executorId(f, "p1") != null, () -> f.transcript("m"));

        batch.cancel(List.of(executorId(f, "p1")));

        assertEquals(1, Evidence.exitCode(morph, 60, () -> f.transcript("m")), f.transcript("m"));
        JsonNode job = f.job(f.runState("p1"), "work[a]");
        assertEquals("CANCELLED", job.get("reason_code").asText(), job.toString());
        String state = job.get("executor_state").asText();
        assertFalse(List.of("PENDING", "qw", "SUBMITTED").contains(state), "the final state, not the last seen: " + job);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void ctrlCWithAJobStillQueued_endsAtOnce_notAfterTheLatencyWait(String kind) {
        Schedulers.require(kind);
        String i1 = Schedulers.runId("i1");
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo ok > {outputs.out}\n") + LATER);
        f.experiment("a");
        Process morph = f.morphProcess("m", patient(kind, i1));
        Evidence.await("the job to be queued", () -> executorId(f, i1) != null, () -> f.transcript("m"));

        RunFixture.signal(morph, "INT");

        // well inside the 300 s a settlement waiting for the never-started job's exit file would take
        assertEquals(130, Evidence.exitCode(morph, 60, () -> f.transcript("m")), f.transcript("m"));
        assertEquals(List.of(), Schedulers.active(kind, i1), "the queued job was cancelled");
    }

    @Test
    void sgeJobInErrorState_isReportedWithTheReason_andRemoved() {
        Schedulers.require("sge");
        String e1 = Schedulers.runId("e1");
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo ok > {outputs.out}\n") + """
                  executor:
                    sge: {submit_args: ["-wd", "/nonexistent/morph-test"]}
                """);
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run("sge", "--run-id", e1));

        assertEquals(1, r.exitCode(), r.toString());
        JsonNode job = f.job(f.runState(e1), "work[a]");
        assertEquals("SCHEDULER_ERROR", job.get("reason_code").asText(), job.toString());
        assertTrue(job.get("message").asText().contains("/nonexistent/morph-test"), "Grid Engine's reason: " + job);
        Evidence.await("Grid Engine to drop the job", () -> Schedulers.queue("sge", e1).isEmpty(), () -> r.toString());
    }

    @Test
    void sgeJobThatWroteItsExitCode_isNotHeldUpByASlowAccounting() throws IOException {
        Schedulers.require("sge");
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo ok > {outputs.out}\n"));
        f.experiment("a");
        // a qacct that would take longer than morph waits for it (large accounting files), and says it was asked
        Path bin = tmp.resolve("bin");
        RunFixture.write(bin.resolve("qacct"), "#!/bin/sh\necho asked >> " + tmp.resolve("qacct.log") + "\nsleep 120\n");
        assertTrue(bin.resolve("qacct").toFile().setExecutable(true));
        Process morph = f.morphProcess("m", Map.of("PATH", bin + ":" + System.getenv("PATH")), Schedulers.run("sge", "--run-id", "q1"));

        // its exit code comes from its file; qacct may be asked for the resource use it reports, briefly
        assertEquals(0, Evidence.exitCode(morph, 30, () -> f.transcript("m")), f.transcript("m"));
        JsonNode job = f.job(f.runState("q1"), "work[a]");
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        assertEquals(0, job.get("exit_code").asInt(), job.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void aJobOverItsMem_isOutOfMemory(String kind) {
        Schedulers.require(kind);
        RunFixture f = fixtures.pipeline(RunFixture.workStep(RunFixture.HOLDS_170_MB) + "  resources: {mem: 100M}\n");
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "m1"));

        assertEquals(1, r.exitCode(), r.toString());
        JsonNode job = f.job(f.runState("m1"), "work[a]");
        assertEquals("failed", job.get("status").asText(), job.toString());
        assertEquals("OUT_OF_MEMORY", job.get("reason_code").asText(), job.toString());
        RunFixture.Result shown = f.morph("runs", "show", "m1");
        assertTrue(shown.out().contains("OUT_OF_MEMORY"), shown.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void theSameJobUnderAGenerousMem_succeeds(String kind) {
        Schedulers.require(kind);
        RunFixture f = fixtures.pipeline(RunFixture.workStep(RunFixture.HOLDS_170_MB) + "  resources: {mem: 1G}\n");
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "g1"));

        assertEquals(0, r.exitCode(), r.toString());
        JsonNode job = f.job(f.runState("g1"), "work[a]");
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        assertEquals("done\n", f.read("out/a.txt"));
    }
}
