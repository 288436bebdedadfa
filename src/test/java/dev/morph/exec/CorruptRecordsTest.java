package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records morph cannot read are never trusted: a journal record that exists but is garbage, truncated,
 * empty, {@code null} or of the wrong types makes its job stale ({@code JOURNAL_UNREADABLE}, naming the
 * file), as does a journal that is a file; an unreadable {@code state.json} is reported as such by
 * {@code runs show} and {@code --resume}; a symbolic link inside {@code .morph/} is never followed.
 */
class CorruptRecordsTest {
    private static final String RECORD = ".morph/journal/exp/work/x.json";

    @TempDir
    Path tmp;

    private RunFixture built(Path dir) {
        RunFixture f = new RunFixture(dir, RunFixture.pipeline(RunFixture.workStep("echo built {exp} > {outputs.out}")));
        f.experiment("x").experiment("y");
        RunFixture.Result r = f.morph("run", "--run-id", "r1");
        assertEquals(0, r.exitCode(), r::toString);
        return f;
    }

    @Test
    void anUnreadableJournalRecord_makesItsJobStale_namingTheFile() throws IOException {
        Map<String, String> corruptions = Map.of("garbage", "{{{ not json", "empty", "", "null", "null",
                "wrong types", "{\"step\": 5, \"status\": [1], \"attempt\": \"x\"}", "binary", "\u0000\u0001\u0002");
        List<String> seen = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> c : corruptions.entrySet()) {
            RunFixture f = built(tmp.resolve("c" + n++));
            Files.writeString(f.root.resolve(RECORD), c.getValue(), StandardCharsets.UTF_8);
            assertUnreadable(f, c.getKey());
            seen.add(c.getKey());
        }
        RunFixture f = built(tmp.resolve("truncated"));
        byte[] whole = Files.readAllBytes(f.root.resolve(RECORD));
        Files.write(f.root.resolve(RECORD), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertUnreadable(f, "truncated");

        RunFixture.Result run = f.morph("run", "--run-id", "r2");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("succeeded", f.job(f.runState("r2"), "work[x]").path("status").asText(), "the job ran again");
        assertEquals(0, f.planJson().get("jobs").size(), "its new record is readable");
    }

    private static void assertUnreadable(RunFixture f, String what) {
        JsonNode plan = f.planJson();
        assertEquals(List.of("JOURNAL_UNREADABLE"), RunFixture.reasonCodes(plan, "work[x]"), () -> what + ": " + plan.toPrettyString());
        assertEquals(List.of(), RunFixture.reasonCodes(plan, "work[y]"), () -> what + ": " + plan.toPrettyString());
        RunFixture.Result text = f.morph("plan");
        assertTrue(text.out().contains("work/x.json"), () -> what + ": the reason names the record\n" + text);
    }

    @Test
    void aJournalReplacedByAFile_makesEveryJobStale_withAWarning() throws IOException {
        RunFixture f = built(tmp);
        Path journal = f.root.resolve(".morph/journal");
        Files.walk(journal).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Files.writeString(journal, "oops");
        JsonNode plan = f.planJson();
        for (String job : List.of("work[x]", "work[y]")) {
            assertEquals(List.of("JOURNAL_UNREADABLE"), RunFixture.reasonCodes(plan, job), plan::toPrettyString);
        }
        RunFixture.Result status = f.morph("status");
        assertTrue(status.err().contains(".morph/journal is not a directory"), status::toString);
    }

    @Test
    void anUnreadableRunRecord_isReportedAsSuch_byRunsShowAndResume() throws IOException {
        RunFixture f = built(tmp);
        Files.writeString(f.root.resolve(".morph/runs/r1/state.json"), "{\"run_id\": \"r1\", \"status\": 7", StandardCharsets.UTF_8);
        for (String[] command : List.of(new String[] {"runs", "show", "r1"}, new String[] {"run", "--resume", "r1"})) {
            RunFixture.Result r = f.morph(command);
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("runs/r1/state.json is unreadable") && r.err().contains("move its directory")
                    && !r.err().contains("no run"), r::toString);
        }
    }

    @Test
    void aSymbolicLinkInsideMorphsState_isNeverFollowed() throws IOException {
        RunFixture f = built(tmp);
        Path outside = tmp.resolve("precious.txt");
        Files.writeString(outside, "keep me");
        Path now = f.root.resolve(".morph/clock/now");
        Files.deleteIfExists(now);
        Files.createSymbolicLink(now, outside);
        Files.writeString(f.root.resolve("raw/x/data.txt"), "changed");

        RunFixture.Result r = f.morph("run", "--run-id", "r2");

        assertEquals("keep me", Files.readString(outside), r::toString);
        assertTrue(r.exitCode() != 0 && r.err().contains("is a symbolic link"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }
}
