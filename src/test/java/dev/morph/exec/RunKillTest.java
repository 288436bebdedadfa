package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the morph process mid-run: its run stays {@code in-progress} (and valid JSON) until
 * {@code morph runs}, {@code runs show} or the next {@code run} reconciles it to
 * {@code failed}/{@code ORCHESTRATOR_LOST}; {@code status} shows the killed jobs as {@code INCOMPLETE};
 * the next run takes over the dead run's locks and completes, and no job ever runs twice at once.
 */
class RunKillTest {
    /**
     * Before it starts, a job looks for a still-living earlier instance of itself (its pid files) and
     * writes an {@code overlap} line if it finds one: evidence of "the same job twice at once" that does
     * not depend on how the earlier instance ends. Writes its output, then holds while {@code hold} exists.
     */
    private static final String HOLDING = RunFixture.workStep("""
            for f in {root}/pids/{exp}-*; do
              if [ -e "$f" ]; then
                p=$(cat "$f")
                if read -r x1 x2 s rest 2>/dev/null < /proc/$p/stat && [ "$s" != Z ]; then
                  echo "overlap {exp} $$ $p" >> {root}/events.log
                fi
              fi
            done
            echo start {exp} $$ >> {root}/events.log
            echo built > {outputs.out}
            if [ -e {root}/hold ]; then
              sleep 300 & echo $! > {root}/pids/{exp}-$$.child
              echo $$ > {root}/pids/{exp}-$$.job
              wait
            fi
            echo end {exp} $$ >> {root}/events.log
            """);

    @TempDir
    Path tmp;

    private RunFixture fixture;

    @AfterEach
    void killOrphans() {
        if (fixture != null) {
            fixture.killEverything();
        }
    }

    /** Starts a run of two holding jobs in a separate morph, waits until both run, and SIGKILLs that morph. */
    private RunFixture killedMidRun() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(HOLDING));
        fixture = f;
        f.experiment("a").experiment("b").file("hold", "");
        Files.createDirectories(f.root.resolve("pids"));
        Process morph = f.morphProcess("m", "run", "-j", "2", "--run-id", "dead");
        Evidence.await("both jobs to run with their children", () -> {
            Map<String, Long> pids = Evidence.pids(f.root.resolve("pids"));
            return pids.keySet().stream().filter(k -> k.endsWith(".job") || k.endsWith(".child")).count() == 4;
        }, () -> f.transcript("m"));
        Evidence.await("state.json to show both jobs running", () -> {
            JsonNode s = Evidence.stateOrNull(f.root, "dead");
            return Evidence.jobHasStatus(s, "work[a]", "running") && Evidence.jobHasStatus(s, "work[b]", "running");
        }, () -> f.transcript("m"));

        RunFixture.signal(morph, "KILL");
        Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m"));

        JsonNode state = f.runState("dead");
        assertEquals("in-progress", state.path("status").asText(), "a killed morph cannot record anything: " + state.toPrettyString());
        return f;
    }

    private static void assertLost(JsonNode state) {
        assertEquals("failed", state.path("status").asText(), state::toPrettyString);
        assertEquals("ORCHESTRATOR_LOST", state.path("reason_code").asText(), state::toPrettyString);
        for (String job : List.of("work[a]", "work[b]")) {
            String status = Evidence.jobEntry(state, job).orElseThrow().path("status").asText();
            assertNotEquals("running", status, state::toPrettyString);
            assertNotEquals("succeeded", status, state::toPrettyString);
        }
    }

    /** Removes the hold; the next run takes over the dead run's locks (and says so) and completes both jobs. */
    private RunFixture.Result assertNextRunCompletes(RunFixture f) throws IOException {
        Files.delete(f.root.resolve("hold"));
        RunFixture.Result next = f.morph("run", "-j", "2", "--run-id", "next");
        assertEquals(0, next.exitCode(), next::toString);
        String said = next.out() + next.err();
        assertTrue(said.lines().anyMatch(l -> l.contains("lock") && l.contains("dead")),
                () -> "the next run should say it took over the dead run's locks:\n" + next);
        JsonNode state = f.runState("next");
        assertEquals("completed", state.path("status").asText(), state::toPrettyString);
        assertEquals("succeeded", f.job(state, "work[a]").path("status").asText(), state::toPrettyString);
        assertEquals("succeeded", f.job(state, "work[b]").path("status").asText(), state::toPrettyString);
        List<String> events = f.lines("events.log");
        assertEquals(2, Evidence.count(events, "start a"), () -> String.join("\n", events));
        assertEquals(2, Evidence.count(events, "start b"), () -> String.join("\n", events));
        return next;
    }

    @Test
    void sigkill_leavesRunInProgress_runsReconcilesIt_statusSaysIncomplete_nextRunTakesOverAndCompletes() throws IOException {
        RunFixture f = killedMidRun();

        RunFixture.Result status = f.morph("status", "--format", "json");
        assertEquals(0, status.exitCode(), status::toString);
        JsonNode cells = RunFixture.JSON.readTree(status.out());
        for (JsonNode e : cells.get("experiments")) {
            JsonNode work = e.path("steps").path("work");
            assertNotEquals("up-to-date", work.path("state").asText(), () -> "killed job shown as up to date: " + cells.toPrettyString());
            List<String> codes = new ArrayList<>();
            work.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
            assertTrue(codes.contains("INCOMPLETE"), () -> "killed job should be INCOMPLETE: " + cells.toPrettyString());
        }

        RunFixture.Result runs = f.morph("runs");
        assertEquals(0, runs.exitCode(), runs::toString);
        assertTrue(runs.out().lines().anyMatch(l -> l.contains("dead") && l.contains("failed") && l.contains("ORCHESTRATOR_LOST")),
                runs::toString);
        assertLost(f.runState("dead"));

        assertNextRunCompletes(f);
    }

    /**
     * The killed morph's jobs live on as orphans. "A job is never executed twice at once": the next run
     * must not start a job again while the killed run's instance of it (or its child) still runs. Each
     * job instance checks, as it starts, whether an earlier instance's pids are still alive.
     */
    @Test
    void sigkill_nextRunNeverStartsAJobWhileTheKilledRunsInstanceOfItStillRuns() throws IOException {
        RunFixture f = killedMidRun();

        RunFixture.Result next = assertNextRunCompletes(f);

        List<String> events = f.lines("events.log");
        List<String> overlaps = events.stream().filter(e -> e.startsWith("overlap ")).toList();
        assertTrue(overlaps.isEmpty(), () -> "a job ran twice at once: 'overlap EXP NEWPID OLDPID' = the killed morph's instance "
                + "(OLDPID) was still running when the next run started the job again\n" + String.join("\n", events) + "\n" + next);
    }
}
