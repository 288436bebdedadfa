package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.run.JobReason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures stay where they happen: downstream skipped, other experiments go on; retries, time limits, fail-fast. */
class ExecutorFailureTest {
    private static final String CHAIN = RunHarness.step("a", null, "") + RunHarness.step("b", "a", "");

    @TempDir
    Path tmp;

    private static JsonNode job(RunHarness.Running run, String id) {
        return Evidence.jobEntry(run.state(), id).orElseThrow(() -> new AssertionError("no " + id + " in " + run.state()));
    }

    @Test
    void failingJob_skipsItsDownstream_andOtherExperimentsFinish() {
        RunHarness h = new RunHarness(tmp, CHAIN).experiments("bad", "good");
        RunHarness.Running run = h.run("r").jobs(2).start();
        h.runner.exit("a[bad]", 3);
        h.succeed("a[good]");
        h.succeed("b[good]");
        assertEquals(1, run.end().exitCode());
        assertEquals(Set.of("a[bad]", "a[good]", "b[good]"), Set.copyOf(h.runner.jobs()), "b[bad] never starts");
        assertEquals(3, h.runner.jobs().size());
        JsonNode state = run.state();
        assertEquals("failed", state.path("status").asText());
        assertEquals("PARTIAL_SUCCESS", state.path("reason_code").asText());
        JsonNode bad = job(run, "a[bad]");
        assertEquals("failed", bad.path("status").asText());
        assertEquals("EXIT_NONZERO", bad.path("reason_code").asText());
        assertEquals("exited with code 3", bad.path("message").asText());
        assertEquals(3, bad.path("exit_code").asInt());
        assertEquals("skipped", job(run, "b[bad]").path("status").asText());
        assertEquals("UPSTREAM_FAILED", job(run, "b[bad]").path("reason_code").asText());
        assertEquals("not run: a/bad failed", job(run, "b[bad]").path("message").asText());
        assertEquals("succeeded", job(run, "b[good]").path("status").asText());
        JsonNode metrics = state.path("metrics");
        assertEquals(List.of(4, 2, 1, 1), List.of(metrics.path("jobs_total").asInt(), metrics.path("completed").asInt(),
                metrics.path("failed").asInt(), metrics.path("skipped").asInt()));
        assertEquals("failed", h.journal("a", "bad").path("status").asText());
        assertEquals(3, h.journal("a", "bad").path("exit_code").asInt());
    }

    @Test
    void retries_rerunAFailedJob_countAttempts_andTheLastSucceeds() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("flaky", null, "")).experiments("e");
        RunHarness.Running run = h.run("r").retries(2).start();
        h.runner.exit("flaky[e]", 1);
        h.runner.awaitLaunches(2);
        assertEquals("2", h.runner.awaitRunning("flaky[e]").spec.env().get("MORPH_ATTEMPT"));
        h.runner.exit("flaky[e]", 1);
        h.runner.awaitLaunches(3);
        h.succeed("flaky[e]");
        assertEquals(0, run.end().exitCode());
        JsonNode state = run.state();
        assertEquals(3, job(run, "flaky[e]").path("attempts").asInt());
        assertEquals("succeeded", job(run, "flaky[e]").path("status").asText());
        assertEquals(3, state.path("metrics").path("attempts").asInt());
        assertEquals(2, state.path("metrics").path("retries").asInt());
        assertEquals(3, h.journal("flaky", "e").path("attempt").asInt());
    }

    @Test
    void retriesExhausted_failTheJob_withTheLastAttemptsReason() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("never", null, "")).experiments("e");
        RunHarness.Running run = h.run("r").retries(1).start();
        h.runner.exit("never[e]", 1);
        h.runner.awaitLaunches(2);
        h.runner.exit("never[e]", 2);
        assertEquals(1, run.end().exitCode());
        assertEquals(2, h.runner.launches().size());
        JsonNode job = job(run, "never[e]");
        assertEquals("failed", job.path("status").asText());
        assertEquals(2, job.path("exit_code").asInt());
        assertEquals(2, job.path("attempts").asInt());
    }

    @Test
    void timeoutOption_overridesTheStepsTimeLimit_andATimedOutAttemptFailsWithTimeout() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("slow", null, "timeout: 1h")).experiments("e", "f");
        RunHarness.Running run = h.run("r").timeout(Duration.ofSeconds(1)).start();
        h.runner.awaitLaunches(2);
        assertTrue(h.runner.launches().stream().allMatch(a -> Duration.ofSeconds(1).equals(a.spec.timeout())));
        h.runner.awaitRunning("slow[e]").end(new JobRunner.Exit(137, JobReason.TIMEOUT, "killed after its time limit of 1s"));
        h.succeed("slow[f]");
        assertEquals(1, run.end().exitCode());
        assertEquals("TIMEOUT", job(run, "slow[e]").path("reason_code").asText());
        assertEquals("killed after its time limit of 1s", job(run, "slow[e]").path("message").asText());

        RunHarness h2 = new RunHarness(tmp.resolve("own"), RunHarness.step("slow", null, "timeout: 1h")).experiments("e");
        RunHarness.Running own = h2.run("r").start();
        assertEquals(Duration.ofHours(1), h2.runner.awaitRunning("slow[e]").spec.timeout(), "without --timeout, the step's own");
        h2.succeed("slow[e]");
        assertEquals(0, own.end().exitCode());
    }

    @Test
    void exitZeroWithoutOutput_failsWithOutputNotCreated() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("lazy", null, "")).experiments("e");
        RunHarness.Running run = h.run("r").start();
        h.runner.exit("lazy[e]", 0);
        assertEquals(1, run.end().exitCode());
        JsonNode job = job(run, "lazy[e]");
        assertEquals("OUTPUT_NOT_CREATED", job.path("reason_code").asText());
        assertEquals("exited 0 but did not create lazy/e.txt", job.path("message").asText());
    }

    @Test
    void launchRefused_failsWithStartFailed_orTheRunnersReason() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("missing", null, "")).experiments("e", "f");
        h.runner.refuse("missing[e]", new IOException("Cannot run program \"/nonexistent/tool\""));
        h.runner.refuse("missing[f]", new JobRunner.LaunchException(JobReason.SUBMIT_FAILED, "sbatch refused the job: no partition"));
        RunHarness.Running run = h.run("r").start();
        assertEquals(1, run.end().exitCode());
        assertEquals("START_FAILED", job(run, "missing[e]").path("reason_code").asText());
        assertEquals("could not start: Cannot run program \"/nonexistent/tool\"", job(run, "missing[e]").path("message").asText());
        assertEquals("SUBMIT_FAILED", job(run, "missing[f]").path("reason_code").asText());
        assertEquals("sbatch refused the job: no partition", job(run, "missing[f]").path("message").asText());
        assertEquals(List.of(), h.runner.jobs());
    }

    @Test
    void lostTrackOfAnAttempt_failsItAsLost() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("work", null, "")).experiments("e");
        RunHarness.Running run = h.run("r").start();
        h.runner.awaitRunning("work[e]").exit().completeExceptionally(new IllegalStateException("scheduler vanished"));
        assertEquals(1, run.end().exitCode());
        assertEquals("LOST", job(run, "work[e]").path("reason_code").asText());
        assertEquals("lost track of the job: scheduler vanished", job(run, "work[e]").path("message").asText());
    }

    @Test
    void failFast_startsNothingNewAfterTheFirstFailure_andMarksTheRestFailFast() {
        RunHarness h = new RunHarness(tmp, CHAIN).experiments("a0bad", "e1", "e2", "e3");
        RunHarness.Running run = h.run("r").jobs(1).failFast().start();
        h.runner.exit("a[a0bad]", 3);
        assertEquals(1, run.end().exitCode());
        assertEquals(List.of("a[a0bad]"), h.runner.jobs());
        JsonNode state = run.state();
        assertEquals("FAIL_FAST", state.path("reason_code").asText());
        assertEquals("--fail-fast: a[a0bad] failed", state.path("message").asText());
        for (String e : List.of("e1", "e2", "e3")) {
            JsonNode j = job(run, "a[" + e + "]");
            assertEquals("skipped", j.path("status").asText());
            assertEquals("FAIL_FAST", j.path("reason_code").asText());
            assertEquals("not started: --fail-fast after a[a0bad] failed", j.path("message").asText());
            assertFalse(h.fixture.exists("a/" + e + ".txt"));
            assertNull(h.journal("a", e), "no record for a job that never started");
        }
        assertEquals("UPSTREAM_FAILED", job(run, "b[a0bad]").path("reason_code").asText());
    }
}
