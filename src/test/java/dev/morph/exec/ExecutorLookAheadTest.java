package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While jobs are short the executor prepares jobs (lock, durable start record) ahead of a free slot. A
 * prepared job the run never launches leaves no trace (its previous record back, no lock); one that
 * waited longer than {@link Launcher#FRESH} gets a fresh start record before it is launched.
 */
class ExecutorLookAheadTest {
    @TempDir
    Path tmp;

    private static final String STEP = RunHarness.step("a", null, "");

    /** Waits until {@code a[exp]}'s journal record is a start record of {@code runId}: the job is prepared. */
    private static JsonNode awaitPrepared(RunHarness h, String exp, String runId) {
        Evidence.await("a[" + exp + "] to be prepared in " + runId, () -> {
            JsonNode r = h.journal("a", exp);
            return r != null && runId.equals(r.path("run_id").asText()) && "running".equals(r.path("status").asText());
        }, null);
        return h.journal("a", exp);
    }

    /** With -j 1, after one short job two are dispatched: e2 launched, e3 prepared ahead of a slot. */
    private static RunHarness.Running oneShortJobThenTwoDispatched(RunHarness h, String runId) {
        int earlier = h.runner.launches().size();
        RunHarness.Running run = h.run(runId).jobs(1).failFast().force().start();
        h.succeed("a[e1]");
        h.runner.awaitRunning("a[e2]");
        awaitPrepared(h, "e3", runId);
        List<String> jobs = h.runner.jobs();
        assertEquals(List.of("a[e1]", "a[e2]"), jobs.subList(earlier, jobs.size()), "e3 is prepared, not launched");
        return run;
    }

    @Test
    void failFast_aJobPreparedButNeverLaunched_keepsItsPreviousRecord_andNoLock() throws IOException {
        RunHarness h = new RunHarness(tmp, STEP).experiments("e1", "e2", "e3");
        RunHarness.Running first = h.run("first").start();
        List.of("a[e1]", "a[e2]", "a[e3]").forEach(h::succeed);
        assertEquals(0, first.end().exitCode());
        String before = Files.readString(h.root.resolve(".morph/journal/exp/a/e3.json"));

        RunHarness.Running run = oneShortJobThenTwoDispatched(h, "forced");
        h.runner.exit("a[e2]", 3);

        assertEquals(1, run.end().exitCode());
        assertEquals("FAIL_FAST", run.state().path("reason_code").asText());
        JsonNode e3 = Evidence.jobEntry(run.state(), "a[e3]").orElseThrow();
        assertEquals("FAIL_FAST", e3.path("reason_code").asText());
        assertEquals(before, Files.readString(h.root.resolve(".morph/journal/exp/a/e3.json")), "its last real run's record is back");
        assertEquals(List.of(), locks(h));
    }

    @Test
    void failFast_aJobWithNoEarlierRecord_preparedButNeverLaunched_hasNoRecord() throws IOException {
        RunHarness h = new RunHarness(tmp, STEP).experiments("e1", "e2", "e3");
        RunHarness.Running run = oneShortJobThenTwoDispatched(h, "r");
        h.runner.exit("a[e2]", 3);

        assertEquals(1, run.end().exitCode());
        assertNull(h.journal("a", "e3"));
        assertEquals(List.of(), locks(h));
    }

    @Test
    void aPreparedJobThatWaitedLongerThanFresh_getsAFreshStartRecordWhenLaunched() {
        RunHarness h = new RunHarness(tmp, STEP).experiments("e1", "e2", "e3");
        RunHarness.Running run = oneShortJobThenTwoDispatched(h, "r");
        long preparedAt = awaitPrepared(h, "e3", "r").path("started_ns").asLong();

        h.time.advance(Launcher.FRESH.plus(Duration.ofMillis(1)));
        h.succeed("a[e2]");
        h.runner.awaitRunning("a[e3]");

        long launchedWith = h.journal("a", "e3").path("started_ns").asLong();
        assertTrue(launchedWith > preparedAt, () -> "start record rewritten at launch: " + preparedAt + " then " + launchedWith);
        h.succeed("a[e3]");
        assertEquals(0, run.end().exitCode());
    }

    @Test
    void aPreparedJobLaunchedSoon_keepsItsStartRecord() {
        RunHarness h = new RunHarness(tmp, STEP).experiments("e1", "e2", "e3");
        RunHarness.Running run = oneShortJobThenTwoDispatched(h, "r");
        long preparedAt = awaitPrepared(h, "e3", "r").path("started_ns").asLong();

        h.succeed("a[e2]");
        h.runner.awaitRunning("a[e3]");

        assertEquals(preparedAt, h.journal("a", "e3").path("started_ns").asLong());
        h.succeed("a[e3]");
        assertEquals(0, run.end().exitCode());
    }

    @Test
    void manyShortJobs_allRunOnce_noLockLeft_andTheClockKeepsOneScratchFile() throws IOException {
        RunHarness h = new RunHarness(tmp, STEP);
        for (int i = 0; i < 30; i++) {
            h.experiments(String.format("e%02d", i));
        }
        RunHarness.Running run = h.run("many").jobs(3).start();
        for (int i = 0; i < 30; i++) {
            h.succeed(String.format("a[e%02d]", i));
        }
        assertEquals(0, run.end().exitCode());
        assertEquals(30, run.state().path("metrics").path("completed").asInt());
        assertEquals(30, h.runner.jobs().stream().distinct().count());
        assertEquals(30, h.runner.jobs().size(), "no job launched twice");
        assertTrue(h.runner.mostAtOnce() <= 3);
        assertEquals(List.of(), locks(h));
        try (Stream<Path> clock = Files.list(h.root.resolve(".morph/clock"))) {
            assertEquals(List.of("now"), clock.map(p -> p.getFileName().toString()).toList());
        }
        assertNotNull(h.journal("a", "e29"));
        assertFalse(h.fixture.planJson().get("jobs").size() > 0, "everything is up to date after the run");
    }

    private static List<Path> locks(RunHarness h) throws IOException {
        Path dir = h.root.resolve(".morph/locks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
