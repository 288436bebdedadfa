package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures stay where they happen: downstream is skipped, other experiments go on; retries, time limits, fail-fast. */
class RunFailureTest {
    /** Step {@code a} fails for experiments whose data says "fail"; {@code b} reads {@code a}. */
    private static final String CHAIN = """
            a:
              inputs:
                data: raw/{exp}/
              outputs:
                out: a/{exp}.txt
              command: "if grep -q fail {inputs.data}/data.txt; then echo boom >&2; exit 3; fi; echo ok > {outputs.out}"
            b:
              inputs:
                a: {from: a}
              outputs:
                out: b/{exp}.txt
              command: "cat {inputs.a} > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    @Test
    void run_failingJob_skipsItsDownstreamAndOtherExperimentsFinish() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(CHAIN));
        f.experiment("good").file("raw/bad/data.txt", "fail\n");
        RunFixture.Result r = f.morph("run", "-j", "2");
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode state = f.lastRunState();
        assertEquals("failed", state.get("status").asText());
        assertEquals("PARTIAL_SUCCESS", state.get("reason_code").asText());
        JsonNode bad = f.job(state, "a[bad]");
        assertEquals("failed", bad.get("status").asText());
        assertEquals("EXIT_NONZERO", bad.get("reason_code").asText());
        assertEquals(3, bad.get("exit_code").asInt());
        assertEquals("skipped", f.job(state, "b[bad]").get("status").asText());
        assertEquals("UPSTREAM_FAILED", f.job(state, "b[bad]").get("reason_code").asText());
        assertEquals("succeeded", f.job(state, "b[good]").get("status").asText());
        assertEquals("ok\n", f.read("b/good.txt"));
        assertTrue(f.read(bad.get("log").asText()).contains("boom"), "the job's stderr is in its log");
        assertTrue(r.out().contains("a/bad") && r.out().contains(bad.get("log").asText()), r::toString);
        JsonNode metrics = state.get("metrics");
        assertEquals(4, metrics.get("jobs_total").asInt());
        assertEquals(2, metrics.get("completed").asInt());
        assertEquals(1, metrics.get("failed").asInt());
        assertEquals(1, metrics.get("skipped").asInt());
    }

    @Test
    void run_failedJob_isIncompleteInTheNextPlanAndShownFailedInStatus() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(CHAIN));
        f.file("raw/bad/data.txt", "fail\n").file("a/bad.txt", "old output\n");
        f.mtime("raw/bad/data.txt", 1000);
        f.mtime("a/bad.txt", 2000);
        f.morph("run", "--force");
        JsonNode plan = f.planJson();
        JsonNode a = plan.get("jobs").get(0);
        assertEquals("a[bad]", a.get("id").asText());
        assertEquals("INCOMPLETE", a.get("reasons").get(0).get("code").asText());
        RunFixture.Result status = f.morph("status");
        assertTrue(status.out().contains("Failed last time:") && status.out().contains("a/bad"), status::toString);
    }

    @Test
    void run_timeout_killsTheWholeProcessTree() {
        String steps = """
                slow:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  timeout: 1s
                  command: "sleep 300 & echo $! > {root}/child.pid; echo $$ > {root}/shell.pid; wait"
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        f.experiment("e");
        RunFixture.Result r = f.morph("run", "--kill-grace", "1s");
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode job = f.job(f.lastRunState(), "slow[e]");
        assertEquals("TIMEOUT", job.get("reason_code").asText());
        long child = Long.parseLong(f.read("child.pid").trim());
        long shell = Long.parseLong(f.read("shell.pid").trim());
        assertFalse(RunFixture.alive(child), "the job's child process was killed with it");
        assertFalse(RunFixture.alive(shell));
    }

    @Test
    void run_commandNotFound_failsWithStartFailed() {
        String steps = """
                missing:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  command: [/nonexistent/tool, "{exp}"]
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        f.experiment("e");
        RunFixture.Result r = f.morph("run");
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode job = f.job(f.lastRunState(), "missing[e]");
        assertEquals("START_FAILED", job.get("reason_code").asText());
        assertTrue(job.get("message").asText().contains("/nonexistent/tool"), job::toString);
    }

    @Test
    void run_jobEnvironment_carriesRunStepExperimentRootLogAndParams() {
        String steps = """
                env:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  params: {model: m7}
                  command: "env | grep -E '^MORPH_' | sort > {outputs.out}"
                """;
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(steps));
        f.experiment("e");
        assertEquals(0, f.morph("run", "--run-id", "r-1").exitCode());
        List<String> env = f.lines("out/e.txt");
        assertTrue(env.contains("MORPH_RUN_ID=r-1"), env::toString);
        assertTrue(env.contains("MORPH_STEP=env"), env::toString);
        assertTrue(env.contains("MORPH_EXPERIMENT=e"), env::toString);
        assertTrue(env.contains("MORPH_DATA_ROOT=" + f.root), env::toString);
        assertTrue(env.contains("MORPH_JOB_LOG=" + f.root.resolve(".morph/runs/r-1/logs/env/e.log")), env::toString);
        assertTrue(env.contains("MORPH_PARAM_MODEL=m7"), env::toString);
    }

    @Test
    void run_badRunId_isUsageErrorAndTakenIdIsRefused() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(CHAIN));
        f.experiment("e");
        RunFixture.Result bad = f.morph("run", "--run-id", "-bad id");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertEquals(0, f.morph("run", "--run-id", "r1").exitCode());
        RunFixture.Result again = f.morph("run", "--run-id", "r1");
        assertEquals(2, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already taken"), again::toString);
    }

    @Test
    void run_dryRun_printsThePlanAndRunsNothing() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(CHAIN));
        f.experiment("e");
        RunFixture.Result r = f.morph("run", "--dry-run");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("a/e") && r.out().contains("2 jobs to run"), r::toString);
        assertFalse(f.exists("a/e.txt"));
        assertFalse(f.exists(".morph"));
    }

    @Test
    void run_everythingUpToDate_isNothingToDo() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(CHAIN));
        f.experiment("e");
        assertEquals(0, f.morph("run").exitCode());
        RunFixture.Result again = f.morph("run");
        assertEquals(0, again.exitCode());
        assertEquals("NOTHING_TO_DO", f.lastRunState().get("reason_code").asText());
    }
}
