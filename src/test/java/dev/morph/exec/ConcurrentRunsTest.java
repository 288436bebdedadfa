package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two morph processes on one data root: a job is never executed twice at once (the second run skips
 * it as {@code LOCKED}, naming the run that holds it), and runs over disjoint experiments proceed side
 * by side. Jobs leave start/end lines; nothing here is timed.
 */
class ConcurrentRunsTest {
    /** Holds (at most a minute) while {@code hold-EXP} exists. */
    private static final String HOLDING = RunFixture.workStep("""
            echo start {exp} $$ >> {root}/events.log
            i=0
            while [ -e {root}/hold-{exp} ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
            echo built > {outputs.out}
            echo end {exp} $$ >> {root}/events.log
            """);

    /**
     * Each job waits (at most a minute) until jobs of both selections (experiments a* and b*) have
     * started: if the two runs could not overlap, no end line would come before both starts.
     */
    private static final String RENDEZVOUS = RunFixture.workStep("""
            echo start {exp} $$ >> {root}/events.log
            i=0
            until grep -q '^start a' {root}/events.log && grep -q '^start b' {root}/events.log || [ $i -ge 1200 ]; do sleep 0.05; i=$((i+1)); done
            echo built > {outputs.out}
            echo end {exp} $$ >> {root}/events.log
            """);

    @TempDir
    Path tmp;

    private RunFixture fixture;

    @AfterEach
    void stopEverything() throws IOException {
        if (fixture == null) {
            return;
        }
        try (var holds = Files.list(fixture.root)) {
            for (Path h : holds.filter(p -> p.getFileName().toString().startsWith("hold-")).toList()) {
                Files.deleteIfExists(h);
            }
        }
        for (Process p : fixture.started) {
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void sameJobInTwoRuns_secondRunSkipsItAsLocked_andTheJobRunsOnce() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(HOLDING));
        fixture = f;
        f.experiment("x").experiment("y").file("hold-x", "");
        Process first = f.morphProcess("first", "run", "--experiments", "x", "--run-id", "runA");
        Evidence.await("work[x] to start in runA", () -> Evidence.count(f.lines("events.log"), "start x") == 1,
                () -> f.transcript("first"));

        Process second = f.morphProcess("second", "run", "-j", "2", "--run-id", "runB");
        int secondExit = Evidence.exitCode(second, Evidence.PATIENCE_SECONDS, () -> f.transcript("first", "second"));

        assertEquals(1, secondExit, () -> f.transcript("first", "second"));
        JsonNode b = f.runState("runB");
        assertEquals("LOCK_CONFLICT", b.path("reason_code").asText(), b::toPrettyString);
        JsonNode x = f.job(b, "work[x]");
        assertEquals("skipped", x.path("status").asText(), b::toPrettyString);
        assertEquals("LOCKED", x.path("reason_code").asText(), b::toPrettyString);
        assertTrue(x.path("message").asText().contains("runA"), () -> "the LOCKED message should name the holder's run: " + x);
        assertEquals("succeeded", f.job(b, "work[y]").path("status").asText(), "other jobs of the second run go on: " + b.toPrettyString());
        assertTrue(first.isAlive(), "runA still holds work[x]");

        Files.delete(f.root.resolve("hold-x"));
        assertEquals(0, Evidence.exitCode(first, Evidence.PATIENCE_SECONDS, () -> f.transcript("first", "second")),
                () -> f.transcript("first", "second"));
        assertEquals("completed", f.runState("runA").path("status").asText());
        List<String> events = f.lines("events.log");
        assertEquals(1, Evidence.count(events, "start x"), () -> String.join("\n", events));
        assertEquals(1, Evidence.count(events, "start y"), () -> String.join("\n", events));
        assertEquals(List.of(), Evidence.selfOverlaps(events));
        assertEquals(0, f.planJson().get("jobs").size(), "after runA ends, everything is up to date");
    }

    @Test
    void disjointSelections_runSideBySide_andEveryJobRunsOnce() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(RENDEZVOUS));
        fixture = f;
        f.experiment("a1").experiment("a2").experiment("b1").experiment("b2");
        Process one = f.morphProcess("one", "run", "--experiments", "a1,a2", "-j", "2", "--run-id", "runA");
        Process two = f.morphProcess("two", "run", "--experiments", "b1,b2", "-j", "2", "--run-id", "runB");

        assertEquals(0, Evidence.exitCode(one, Evidence.PATIENCE_SECONDS * 2, () -> f.transcript("one", "two")), () -> f.transcript("one", "two"));
        assertEquals(0, Evidence.exitCode(two, Evidence.PATIENCE_SECONDS * 2, () -> f.transcript("one", "two")), () -> f.transcript("one", "two"));

        List<String> events = f.lines("events.log");
        for (String e : List.of("a1", "a2", "b1", "b2")) {
            assertEquals(1, Evidence.count(events, "start " + e), () -> String.join("\n", events));
            assertEquals(1, Evidence.count(events, "end " + e), () -> String.join("\n", events));
        }
        int firstEnd = indexOf(events, "end ");
        assertTrue(indexOf(events, "start a") < firstEnd && indexOf(events, "start b") < firstEnd,
                () -> "both runs should have had a job running at the same time:\n" + String.join("\n", events));
        for (String run : List.of("runA", "runB")) {
            JsonNode s = f.runState(run);
            assertEquals("completed", s.path("status").asText(), s::toPrettyString);
            assertEquals(2, s.path("metrics").path("completed").asInt(), s::toPrettyString);
        }
    }

    private static int indexOf(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
