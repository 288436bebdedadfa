package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor prepares jobs (lock, durable start record) ahead of a free slot. A prepared job that
 * the run never launches must leave no trace: its previous journal record back, no lock, not counted
 * as started; and the clock that stamps records must not leave files behind.
 */
class RunLookAheadTest {
    /** {@code a} fails for experiments whose data says "fail"; each job notes its start in events.log. */
    private static final String STEP = """
            a:
              inputs:
                data: raw/{exp}/
              outputs:
                out: a/{exp}.txt
              command: "echo start {exp} >> {root}/events.log; if grep -q fail {inputs.data}/data.txt; then exit 3; fi; echo ok > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    @Test
    void failFast_jobsPreparedButNeverStarted_keepTheirPreviousRecordAndNoLock() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(STEP));
        for (String e : List.of("e1", "e2", "e3", "e4", "e6", "e7")) {
            f.experiment(e);
        }
        assertEquals(0, f.morph("run", "--run-id", "first").exitCode(), "a first run makes every job up to date");
        String e6 = Files.readString(f.root.resolve(".morph/journal/exp/a/e6.json"));
        String e7 = Files.readString(f.root.resolve(".morph/journal/exp/a/e7.json"));
        f.file("raw/e5bad/data.txt", "fail\n");

        // -j 1: e1..e4 are short, so the jobs after them are prepared ahead; e5bad fails while e6 waits
        RunFixture.Result r = f.morph("run", "-j", "1", "--fail-fast", "--force", "--run-id", "forced");
        assertEquals(1, r.exitCode(), r::toString);

        JsonNode state = f.runState("forced");
        assertEquals("FAIL_FAST", state.get("reason_code").asText(), state::toPrettyString);
        List<String> events = f.lines("events.log");
        for (String job : List.of("e6", "e7")) {
            assertEquals("FAIL_FAST", f.job(state, "a[" + job + "]").get("reason_code").asText(), state::toPrettyString);
            assertEquals(1, Evidence.count(events, "start " + job), () -> job + " ran only in the first run:\n" + String.join("\n", events));
        }
        assertEquals(e6, Files.readString(f.root.resolve(".morph/journal/exp/a/e6.json")),
                "a job prepared but never started keeps the record of its last real run");
        assertEquals(e7, Files.readString(f.root.resolve(".morph/journal/exp/a/e7.json")));
        assertTrue(RunFixture.reasonCodes(f.planJson(), "a[e6]").isEmpty(), "so it is still up to date, not INCOMPLETE");
        assertEquals(List.of(), locks(f), "no lock is left behind");
    }

    @Test
    void aJobWithNoEarlierRecord_preparedButNeverStarted_hasNoRecord() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(STEP));
        for (String e : List.of("e1", "e2", "e3", "e4", "e6", "e7")) {
            f.experiment(e);
        }
        f.file("raw/e5bad/data.txt", "fail\n");

        RunFixture.Result r = f.morph("run", "-j", "1", "--fail-fast");
        assertEquals(1, r.exitCode(), r::toString);

        for (String job : List.of("e6", "e7")) {
            assertFalse(Files.exists(f.root.resolve(".morph/journal/exp/a/" + job + ".json")), "no record for a job that never started");
            assertFalse(f.exists("a/" + job + ".txt"));
        }
        assertEquals(List.of(), locks(f));
    }

    @Test
    void manyShortJobs_allRunOnce_andTheClockLeavesOneScratchFile() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(STEP));
        for (int i = 0; i < 30; i++) {
            f.experiment(String.format("e%02d", i));
        }

        RunFixture.Result r = f.morph("run", "-j", "3", "--run-id", "many");
        assertEquals(0, r.exitCode(), r::toString);

        JsonNode state = f.runState("many");
        assertEquals(30, state.get("metrics").get("completed").asInt(), state::toPrettyString);
        List<String> events = f.lines("events.log");
        assertEquals(30, events.size(), () -> String.join("\n", events));
        assertEquals(30, events.stream().distinct().count(), "no job ran twice");
        assertEquals(List.of(), locks(f));
        try (Stream<Path> clock = Files.list(f.root.resolve(".morph/clock"))) {
            assertEquals(List.of("now"), clock.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(0, f.planJson().get("jobs").size(), "everything is up to date after the run");
    }

    private static List<Path> locks(RunFixture f) throws IOException {
        Path dir = f.root.resolve(".morph/locks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
