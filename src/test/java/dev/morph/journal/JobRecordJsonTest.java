package dev.morph.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.store.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The journal record's one codec: it reads what morph 0f0277b wrote (by data binding) and writes the
 * same bytes back; what it writes it reads back equal; fields may come in any order and unknown ones are
 * skipped; malformed, truncated and mistyped records are refused.
 */
class JobRecordJsonTest {
    private static final Path JOURNAL = Fixtures.main0f0277b().resolve("root/.morph/journal");

    private static JobRecord fixture(String relative) throws IOException {
        return JobRecordJson.read(Files.readAllBytes(JOURNAL.resolve(relative)));
    }

    @Test
    void read_recordsAnEarlierMorphWrote() throws IOException {
        JobRecord failed = fixture("exp/a/bad.json");
        assertEquals(new JobId("a", "bad"), failed.job());
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(JobReason.EXIT_NONZERO, failed.outcome().reason());
        assertEquals(3, failed.outcome().exitCode());
        assertEquals("exited with code 3", failed.outcome().message());
        assertEquals(new JobRecord.Attempt("r-again", "vm", 15901, 1, 1796591243442249065L), failed.attempt());
        assertEquals(1796591243762249065L, failed.outcome().endedNs());
        assertEquals(Map.of("level", "1"), failed.command().params());
        assertEquals("raw/bad/data.txt", failed.inputs().newest());
        assertNull(failed.inputs().experiments());
        assertNull(failed.outcome().usage(), "records from before morph measured usage read without it");

        JobRecord fanIn = fixture("global/all.json");
        assertEquals(JobId.global("all"), fanIn.job());
        assertEquals(JobStatus.SUCCEEDED, fanIn.status());
        assertEquals(List.of("bad", "good"), fanIn.inputs().experiments());
        assertEquals(Map.of("all.txt", 1796590612770249065L), fanIn.outcome().outputs());
        assertEquals(List.of("sh", "-c", "cat \"$@\" > {outputs.out}", "sh", "{inputs.as}"), fanIn.command().template());
        assertNull(fanIn.outcome().reason());

        JobRecord running = fixture("exp/b/good.json");
        assertEquals(JobStatus.RUNNING, running.status());
        assertNull(running.outcome().endedNs());
        assertNull(running.outcome().exitCode());
        assertEquals(JobStatus.INTERRUPTED, fixture("exp/b/bad.json").status());
        assertEquals(JobReason.INTERRUPTED, fixture("exp/b/bad.json").outcome().reason());
    }

    @Test
    void write_givesBackTheBytesAnEarlierMorphWrote() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(JOURNAL)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertEquals(5, files.size(), files::toString);
        for (Path f : files) {
            byte[] old = Files.readAllBytes(f);
            assertEquals(new String(old, StandardCharsets.UTF_8), new String(JobRecordJson.write(JobRecordJson.read(old)), StandardCharsets.UTF_8),
                    f.toString());
        }
    }

    @Test
    void writeThenRead_givesTheRecordBack() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            JobRecord record = randomRecord(random);
            byte[] json = JobRecordJson.write(record);
            assertEquals(record, JobRecordJson.read(json), new String(json, StandardCharsets.UTF_8));
        }
    }

    @Test
    void usage_isWrittenAndReadBack_partlyUnknownValuesStayNull() throws IOException {
        JobRecord old = fixture("exp/a/bad.json");
        for (Usage u : List.of(new Usage(1500L, 1200L, 80L << 20, 4L, 16L << 30), new Usage(300L, null, null, null, null))) {
            JobRecord r = old.with(new JobRecord.Outcome(JobStatus.SUCCEEDED, 5L, Map.of("o", 4L), 0, null, null, u));
            byte[] json = JobRecordJson.write(r);
            assertEquals(u, JobRecordJson.read(json).outcome().usage(), new String(json, StandardCharsets.UTF_8));
        }
    }

    @Test
    void read_fieldsInAnyOrder_unknownOnesSkipped_missingOnesEmpty() throws IOException {
        String json = """
                {"future": {"a": [1, "x", {}]}, "status": "succeeded", "outputs": {"o": 5}, "experiment": "e", "also_new": [true, 2.5],
                 "step": "s", "pid": null, "attempt": 2}""";
        JobRecord r = JobRecordJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(new JobId("s", "e"), r.job());
        assertEquals(new JobRecord.Attempt(null, null, 0, 2, 0), r.attempt());
        assertEquals(new JobRecord.Command(null, null, null), r.command());
        assertEquals(new JobRecord.Inputs(0, null, null), r.inputs());
        assertEquals(new JobRecord.Outcome(JobStatus.SUCCEEDED, null, Map.of("o", 5L), null, null, null), r.outcome());
    }

    @Test
    void read_malformedTruncatedOrMistyped_isRefused() throws IOException {
        byte[] good = Files.readAllBytes(JOURNAL.resolve("exp/a/bad.json"));
        List<String> bad = new ArrayList<>(List.of("{not json", "", "[]", "\"text\"", "{\"step\": \"a\"",
                "{\"step\": \"a\", \"status\": \"failed\", \"pid\": \"x\"}", "{\"step\": \"a\", \"status\": \"failed\", \"command\": \"one\"}",
                "{\"step\": \"a\", \"status\": \"failed\", \"params\": [\"a\"]}", "{\"step\": \"a\", \"status\": \"failed\", \"outputs\": {\"f\": \"new\"}}",
                "{\"step\": {\"a\": 1}, \"status\": \"failed\"}", "{\"step\": \"a\", \"status\": \"finished\"}",
                "{\"step\": \"a\", \"status\": \"failed\", \"reason_code\": \"NO_SUCH_REASON\"}", "{\"status\": \"failed\"}", "{\"step\": \"a\"}"));
        for (int cut = 1; cut < good.length - 2; cut += 7) {
            bad.add(new String(good, 0, cut, StandardCharsets.UTF_8)); // a record cut short, as a torn write would leave it
        }
        for (String json : bad) {
            assertThrows(IOException.class, () -> JobRecordJson.read(json.getBytes(StandardCharsets.UTF_8)), json);
        }
    }

    private static JobRecord randomRecord(Random r) {
        JobStatus[] statuses = {JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.INTERRUPTED};
        JobReason[] reasons = JobReason.values();
        return new JobRecord(new JobId("step" + r.nextInt(3), r.nextBoolean() ? null : "2025010" + r.nextInt(9) + "_é\"x\\y"),
                new JobRecord.Attempt(maybe(r, "20261123-" + r.nextInt(1_000_000)), maybe(r, "host"), r.nextInt(1 << 22), r.nextInt(5), r.nextLong()),
                new JobRecord.Command(texts(r), texts(r), r.nextInt(4) == 0 ? null : textMap(r)),
                new JobRecord.Inputs(r.nextLong(), maybe(r, "raw/a b/\u2603.tif"), r.nextBoolean() ? null : texts(r)),
                new JobRecord.Outcome(statuses[r.nextInt(statuses.length)], r.nextBoolean() ? null : r.nextLong(),
                        r.nextInt(4) == 0 ? null : numberMap(r), r.nextBoolean() ? null : r.nextInt(256) - 128,
                        r.nextBoolean() ? null : reasons[r.nextInt(reasons.length)], maybe(r, "line one\nline two\t\u0001")));
    }

    private static String maybe(Random r, String text) {
        return r.nextInt(5) == 0 ? null : text;
    }

    private static List<String> texts(Random r) {
        if (r.nextInt(5) == 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            out.add(r.nextInt(6) == 0 ? null : "w" + r.nextInt(1000) + (r.nextBoolean() ? " '{x}'" : ""));
        }
        return out;
    }

    private static Map<String, String> textMap(Random r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.put("k" + r.nextInt(100), r.nextInt(6) == 0 ? null : "v" + r.nextInt(100));
        }
        return out;
    }

    private static Map<String, Long> numberMap(Random r) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.put("out/" + r.nextInt(100) + ".csv", r.nextInt(6) == 0 ? null : r.nextLong());
        }
        return out;
    }
}
