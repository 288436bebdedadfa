package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs on one data root: a job is never run twice at once (the second run skips it as
 * {@code LOCKED}, naming the run that holds it, and skips what depends on it), and runs over disjoint
 * experiments run side by side.
 */
class ExecutorLocksTest {
    @TempDir
    Path tmp;

    @Test
    void sameJobInTwoRuns_theSecondSkipsItAsLocked_andItsDownstream() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("work", null, "") + RunHarness.step("next", "work", "")).experiments("x", "y");
        RunHarness.Running a = h.run("runA").experiments("x").start();
        FakeRunner.Attempt x = h.runner.awaitRunning("work[x]");

        RunHarness.Running b = h.run("runB").jobs(2).start();
        h.succeed("work[y]");
        h.succeed("next[y]");

        assertEquals(1, b.end().exitCode());
        JsonNode state = b.state();
        assertEquals("LOCK_CONFLICT", state.path("reason_code").asText(), state::toPrettyString);
        assertEquals("1 job(s) were running elsewhere and were skipped", state.path("message").asText());
        JsonNode locked = Evidence.jobEntry(state, "work[x]").orElseThrow();
        assertEquals("skipped", locked.path("status").asText());
        assertEquals("LOCKED", locked.path("reason_code").asText());
        assertTrue(locked.path("message").asText().startsWith("running elsewhere: locked by run runA"), locked::toString);
        assertEquals(0, locked.path("attempts").asInt());
        JsonNode next = Evidence.jobEntry(state, "next[x]").orElseThrow();
        assertEquals("UPSTREAM_LOCKED", next.path("reason_code").asText());
        assertEquals("not run: work/x is running elsewhere", next.path("message").asText());
        assertEquals(List.of("work[x]", "work[y]", "next[y]"), h.runner.jobs(), "work[x] ran once, in runA");
        assertTrue(!x.ended(), "runA still runs work[x]");

        h.succeed("work[x]");
        h.succeed("next[x]");
        assertEquals(0, a.end().exitCode());
        assertEquals("runA", h.journal("work", "x").path("run_id").asText());
    }

    @Test
    void disjointSelections_runSideBySide() {
        RunHarness h = new RunHarness(tmp, RunHarness.step("work", null, "")).experiments("a1", "b1");
        RunHarness.Running a = h.run("runA").experiments("a1").start();
        RunHarness.Running b = h.run("runB").experiments("b1").start();
        h.runner.awaitRunning("work[a1]");
        h.runner.awaitRunning("work[b1]");
        assertEquals(2, h.runner.running().size(), "both runs have a job running at once");
        h.succeed("work[a1]");
        h.succeed("work[b1]");
        assertEquals(0, a.end().exitCode());
        assertEquals(0, b.end().exitCode());
        assertEquals("completed", a.state().path("status").asText());
        assertEquals("completed", b.state().path("status").asText());
    }
}
