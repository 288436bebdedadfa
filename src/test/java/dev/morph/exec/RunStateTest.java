package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run commands ({@code runs}, {@code runs show}, {@code logs}) report what a real run recorded: its
 * status, reason and success rate, and for a failed job its error, log path and log. (That state.json is
 * complete at every read and keeps its heartbeat: {@code run.RunRecorderTest}.)
 */
class RunStateTest {
    private static final String QUICK = """
            work:
              inputs:
                data: raw/{exp}/
              outputs:
                out: out/{exp}.txt
              command: "echo x > {outputs.out}"
            """;

    private static final String ONE_FAILS = RunFixture.workStep("""
            echo "hello from {exp}"
            if [ {exp} = bad ]; then echo "boom: cannot segment {exp}" >&2; exit 3; fi
            echo x > {outputs.out}
            """);

    @TempDir
    Path tmp;

    @Test
    void runs_listsTheRun_andShowReportsStatusReasonAndSuccessRate() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(QUICK));
        f.experiment("a").experiment("b");
        assertEquals(0, f.morph("run", "--run-id", "good").exitCode());

        RunFixture.Result runs = f.morph("runs");
        assertEquals(0, runs.exitCode(), runs::toString);
        assertTrue(runs.out().lines().anyMatch(l -> l.contains("good") && l.contains("completed") && l.contains("ALL_JOBS_SUCCEEDED")),
                runs::toString);

        RunFixture.Result show = f.morph("runs", "show", "good");
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.out().contains("completed"), show::toString);
        assertTrue(show.out().contains("ALL_JOBS_SUCCEEDED"), show::toString);
        assertTrue(show.out().toLowerCase().contains("success rate") && show.out().contains("100"), show::toString);

        RunFixture.Result json = f.morph("runs", "show", "good", "--format", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode state = RunFixture.JSON.readTree(json.out());
        assertEquals("good", state.path("run_id").asText(), state::toPrettyString);
        assertEquals("completed", state.path("status").asText());
        assertEquals("ALL_JOBS_SUCCEEDED", state.path("reason_code").asText());
        assertEquals(2, state.path("metrics").path("completed").asInt());
    }

    @Test
    void runsShow_ofAFailedRun_namesTheFailingJobItsErrorAndLog_andLogsPrintsIt() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(ONE_FAILS));
        f.experiment("good").experiment("bad");
        RunFixture.Result run = f.morph("run", "--run-id", "oops");
        assertEquals(1, run.exitCode(), run::toString);

        JsonNode state = f.runState("oops");
        assertEquals("failed", state.path("status").asText(), state::toPrettyString);
        assertEquals("PARTIAL_SUCCESS", state.path("reason_code").asText(), state::toPrettyString);
        JsonNode bad = f.job(state, "work[bad]");
        assertEquals("failed", bad.path("status").asText());
        assertEquals(3, bad.path("exit_code").asInt(), bad::toPrettyString);
        String error = bad.path("message").asText();
        assertFalse(error.isBlank(), bad::toPrettyString);
        Path log = f.root.resolve(bad.path("log").asText());
        assertTrue(Files.isRegularFile(log), () -> "log " + log);

        RunFixture.Result show = f.morph("runs", "show", "oops");
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.out().contains("failed"), show::toString);
        List<String> badLines = show.out().lines().filter(l -> l.contains("work/bad")).toList();
        assertFalse(badLines.isEmpty(), () -> "runs show should name the failing job:\n" + show.out());
        assertTrue(badLines.stream().anyMatch(l -> l.contains(error)), () -> "runs show should give the job's error '" + error + "':\n" + show.out());
        assertTrue(show.out().contains(log.toString()), () -> "runs show should give the job's log path " + log + ":\n" + show.out());
        assertFalse(show.out().lines().anyMatch(l -> l.contains("work/good") && l.contains("FAILED")), show::toString);

        RunFixture.Result logs = f.morph("logs", "oops", "work[bad]");
        assertEquals(0, logs.exitCode(), logs::toString);
        assertTrue(logs.out().contains("hello from bad"), logs::toString);
        assertTrue(logs.out().contains("boom: cannot segment bad"), () -> "stderr goes to the log too:\n" + logs.out());
        RunFixture.Result goodLog = f.morph("logs", "oops", "work[good]");
        assertTrue(goodLog.out().contains("hello from good") && !goodLog.out().contains("hello from bad"), goodLog::toString);
    }
}
