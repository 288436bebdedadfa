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
        for (int i = 1; i <= 4; i++) {
            f.experiment("e" + i);
        }
        assertEquals(0, f.morph("run", "--run-id", "first").exitCode(), "a first run makes every job up to date");
        String before = Files.readString(f.root.resolve(".morph/journal/exp/a/e1.json"));
        f.file("raw/a0bad/data.txt", "fail\n");

        // -j 1: a[a0bad] runs first and fails while the next jobs are being prepared behind it
        RunFixture.Result r = f.morph("run", "-j", "1", "--fail-fast", "--force", "--run-id", "forced");
        assertEquals(1, r.exitCode(), r::toString);

        JsonNode state = f.runState("forced");
        assertEquals("FAIL_FAST", state.get("reason_code").asText(), state::toPrettyString);
        List<String> events = f.lines("events.log");
        for (int i = 1; i <= 4; i++) {
            String job = "a[e" + i + "]";
            assertEquals("FAIL_FAST", f.job(state, job).get("reason_code").asText(), state::toPrettyString);
            assertEquals(1, Evidence.count(events, "start e" + i), () -> job + " ran only in the first run:\n" + String.join("\n", events));
        }
        assertEquals(before, Files.readString(f.root.resolve(".morph/journal/exp/a/e1.json")),
                "a job prepared but never started keeps the record of its last real run");
        assertTrue(RunFixture.reasonCodes(f.planJson(), "a[e1]").isEmpty(), "so it is still up to date, not INCOMPLETE");
        assertEquals(List.of(), locks(f), "no lock is left behind");
    }

    @Test
    void aJobWithNoEarlierRecord_preparedButNeverStarted_hasNoRecord() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(STEP));
        f.file("raw/a0bad/data.txt", "fail\n");
        f.experiment("e1").experiment("e2");

        RunFixture.Result r = f.morph("run", "-j", "1", "--fail-fast");
        assertEquals(1, r.exitCode(), r::toString);

        assertFalse(Files.exists(f.root.resolve(".morph/journal/exp/a/e1.json")), "no record for a job that never started");
        assertFalse(f.exists("a/e1.txt"));
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
