package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop request (SIGINT/SIGTERM) in the middle of a run, as events: every running attempt is asked to
 * stop with the grace period (a second request: at once), nothing new starts, the run is
 * {@code stopped}/{@code USER_INTERRUPT} with a resume command, its jobs {@code interrupted} in the run
 * record and the journal; and {@code --resume} repeats the run without the jobs it completed.
 */
class ExecutorStopTest {
    @TempDir
    Path tmp;

    private static JsonNode job(RunHarness.Running run, String id) {
        return Evidence.jobEntry(run.state(), id).orElseThrow(() -> new AssertionError("no " + id + " in " + run.state()));
    }

    @Test
    void interrupt_stopsEveryRunningJobWithTheGracePeriod_startsNothingNew_andRecordsAStoppedRun() throws java.io.IOException {
        RunHarness h = new RunHarness(tmp, RunHarness.step("work", null, "")).experiments("a", "b", "c");
        RunHarness.Running run = h.run("r1").jobs(2).killGrace(Duration.ofSeconds(7)).start();
        FakeRunner.Attempt a = h.runner.awaitRunning("work[a]");
        FakeRunner.Attempt b = h.runner.awaitRunning("work[b]");

        run.interrupt("SIGINT");

        assertEquals(ExitCodes.INTERRUPTED, run.end().exitCode());
        assertEquals(List.of(Duration.ofSeconds(7)), a.terminations());
        assertEquals(List.of(Duration.ofSeconds(7)), b.terminations());
        assertEquals(Set.of("work[a]", "work[b]"), Set.copyOf(h.runner.jobs()), "work[c] never starts");
        assertEquals(2, h.runner.jobs().size());
        JsonNode state = run.state();
        assertEquals("stopped", state.path("status").asText());
        assertEquals("USER_INTERRUPT", state.path("reason_code").asText());
        assertEquals("interrupted by SIGINT", state.path("message").asText());
        assertEquals("morph run --resume r1", state.path("resume_command").asText());
        for (String id : List.of("work[a]", "work[b]")) {
            assertEquals("interrupted", job(run, id).path("status").asText());
            assertEquals("INTERRUPTED", job(run, id).path("reason_code").asText());
            assertEquals("stopped by SIGINT", job(run, id).path("message").asText());
        }
        assertEquals("pending", job(run, "work[c]").path("status").asText());
        assertEquals("interrupted", h.journal("work", "a").path("status").asText());
        assertEquals(List.of(), Evidence.tempFiles(h.root.resolve(".morph")).stream().map(Path::toString).toList());
    }

    @Test
    void secondInterrupt_stopsAtOnce() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("work", null, "")).experiments("a");
        h.runner.stubborn();
        RunHarness.Running run = h.run("r1").killGrace(Duration.ofHours(1)).start();
        FakeRunner.Attempt a = h.runner.awaitRunning("work[a]");

        run.interrupt("SIGINT");
        h.runner.awaitTerminations(a, 1);
        run.interrupt("SIGINT");
        h.runner.awaitTerminations(a, 2);
        a.end(new JobRunner.Exit(137, dev.morph.run.JobReason.KILLED, "stopped by morph"));

        assertEquals(ExitCodes.INTERRUPTED, run.end().exitCode());
        assertEquals(List.of(Duration.ofHours(1), Duration.ZERO), a.terminations());
        assertEquals("interrupted", job(run, "work[a]").path("status").asText());
    }

    @Test
    void resume_ofAStoppedRun_repeatsItsInvocation_butNotTheJobsItCompleted() {
        String step = """
                work:
                  inputs:
                    in: raw/{exp}/
                  outputs:
                    out: work/{exp}.txt
                  command: "echo start {exp} >> {root}/events.log; echo built > {outputs.out}"
                """;
        RunHarness h = new RunHarness(tmp, step).experiments("a", "b", "quick");
        assertEquals(0, h.fixture.morph("run", "--run-id", "first").exitCode(), "a first, real run makes everything up to date");
        RunHarness.Running forced = h.run("forced").jobs(3).force().start();
        h.succeed("work[quick]");
        Evidence.await("work[quick] to succeed in the forced run",
                () -> Evidence.jobHasStatus(Evidence.stateOrNull(h.root, "forced"), "work[quick]", "succeeded"), null);
        forced.interrupt("SIGINT");
        assertEquals(ExitCodes.INTERRUPTED, forced.end().exitCode());

        RunFixture.Result resumed = h.fixture.morph("run", "--resume", "forced", "--run-id", "resumed");

        assertEquals(0, resumed.exitCode(), resumed::toString);
        JsonNode state = h.fixture.runState("resumed");
        assertEquals("completed", state.path("status").asText(), state::toPrettyString);
        assertEquals("forced", state.path("resume_of").asText());
        assertTrue(state.path("invocation").path("force").asBoolean(), "the resumed run repeats --force");
        List<String> events = h.fixture.lines("events.log");
        assertEquals(List.of(2L, 2L, 1L), List.of(Evidence.count(events, "start a"), Evidence.count(events, "start b"),
                Evidence.count(events, "start quick")), () -> "the first run, then the resumed run, which must not force what the stopped run "
                + "completed:\n" + String.join("\n", events));
        assertFalse(Evidence.jobEntry(state, "work[quick]").isPresent(), state::toPrettyString);
    }
}
