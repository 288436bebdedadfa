package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's {@code state.json} is always complete JSON, however often it is read while the run goes on;
 * and the run commands ({@code runs}, {@code runs show}, {@code logs}) report what it says.
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

    /** Holds (at most a minute) while {@code hold} exists. */
    private static final String HOLDING = RunFixture.workStep("""
            echo started > {root}/started-{exp}
            i=0
            while [ -e {root}/hold ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
            echo x > {outputs.out}
            """);

    private static final List<String> FIELDS = List.of("status", "reason_code", "metrics", "jobs", "history");

    @TempDir
    Path tmp;

    private Process morph;

    @AfterEach
    void stop() {
        if (morph != null) {
            morph.destroyForcibly();
        }
    }

    @Test
    void stateJson_isCompleteJsonAtEveryRead_whileARunOfManyJobsGoesOn() throws Exception {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(QUICK));
        for (int i = 0; i < 60; i++) {
            f.experiment(String.format("e%02d", i));
        }
        Path file = f.root.resolve(".morph/runs/many/state.json");
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Set<String> statusesSeen = ConcurrentHashMap.newKeySet();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            boolean appeared = false;
            while (!done.get()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    if (appeared) {
                        problems.add("state.json disappeared after it had been written");
                    }
                    Evidence.pause();
                    continue;
                } catch (IOException e) {
                    problems.add("cannot read state.json: " + e);
                    continue;
                }
                appeared = true;
                reads.incrementAndGet();
                try {
                    JsonNode state = RunFixture.JSON.readTree(bytes);
                    if (state == null || !state.isObject()) {
                        problems.add("not a JSON object (" + bytes.length + " bytes): " + new String(bytes));
                        continue;
                    }
                    for (String field : FIELDS) {
                        if (!state.has(field)) {
                            problems.add("no " + field + " in " + state);
                        }
                    }
                    statusesSeen.add(state.path("status").asText());
                } catch (IOException e) {
                    problems.add("not complete JSON (" + bytes.length + " bytes): " + e.getMessage());
                }
            }
        }, "state-reader");
        reader.start();
        try {
            morph = f.morphProcess("m", "run", "-j", "2", "--run-id", "many");
            int exit = Evidence.exitCode(morph, 120, () -> Evidence.text(f.dir.resolve("m.out")) + Evidence.text(f.dir.resolve("m.err")));
            assertEquals(0, exit, () -> Evidence.text(f.dir.resolve("m.out")) + Evidence.text(f.dir.resolve("m.err")));
        } finally {
            done.set(true);
            reader.join();
        }

        assertEquals(List.of(), problems.subList(0, Math.min(5, problems.size())), () -> problems.size() + " bad reads");
        assertTrue(reads.get() > 0, "the reader read state.json");
        assertTrue(statusesSeen.contains("in-progress"), () -> "reads during the run saw " + statusesSeen + " in " + reads + " reads");
        JsonNode state = f.runState("many");
        assertEquals("completed", state.path("status").asText(), state::toPrettyString);
        assertEquals("ALL_JOBS_SUCCEEDED", state.path("reason_code").asText(), state::toPrettyString);
        JsonNode metrics = state.path("metrics");
        assertEquals(60, metrics.path("jobs_total").asInt(), metrics::toPrettyString);
        assertEquals(60, metrics.path("completed").asInt(), metrics::toPrettyString);
        assertEquals(0, metrics.path("failed").asInt(), metrics::toPrettyString);
        assertEquals(0, metrics.path("remaining").asInt(), metrics::toPrettyString);
        assertEquals(60, state.path("jobs").size());
        assertFalse(state.path("heartbeat_at").asText("").isEmpty(), state::toPrettyString);
        assertTrue(state.path("history").size() >= 2, "history holds the start and the end: " + state.path("history"));
        assertEquals(List.of(), Evidence.tempFiles(f.root.resolve(".morph")));
    }

    /** Other hosts judge a run by its heartbeat: state.json is rewritten while a long job runs, though nothing else changes. */
    @Test
    void heartbeat_isRewrittenWhileALongJobRuns() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(HOLDING));
        f.experiment("a").file("hold", "");
        morph = f.morphProcess("m", "run", "--run-id", "beat");
        f.awaitFile("started-a", Evidence.PATIENCE_SECONDS);
        Evidence.await("state.json to show the job running", () -> Evidence.jobHasStatus(Evidence.stateOrNull(f.root, "beat"), "work[a]",
                "running"), () -> Evidence.text(f.dir.resolve("m.out")));
        String first = Evidence.stateOrNull(f.root, "beat").path("heartbeat_at").asText();
        assertFalse(first.isEmpty());

        Evidence.await("a new heartbeat while the job still runs", () -> {
            JsonNode now = Evidence.stateOrNull(f.root, "beat");
            return now != null && !now.path("heartbeat_at").asText().equals(first);
        }, () -> String.valueOf(Evidence.stateOrNull(f.root, "beat")));
        JsonNode later = f.runState("beat");
        assertEquals("in-progress", later.path("status").asText(), later::toPrettyString);
        assertEquals("running", f.job(later, "work[a]").path("status").asText(), later::toPrettyString);

        Files.delete(f.root.resolve("hold"));
        assertEquals(0, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> Evidence.text(f.dir.resolve("m.out"))));
        assertEquals("completed", f.runState("beat").path("status").asText());
    }

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
        List<String> badLines = show.out().lines().filter(l -> l.contains("work[bad]")).toList();
        assertFalse(badLines.isEmpty(), () -> "runs show should name the failing job:\n" + show.out());
        assertTrue(badLines.stream().anyMatch(l -> l.contains(error)), () -> "runs show should give the job's error '" + error + "':\n" + show.out());
        assertTrue(show.out().contains(log.toString()), () -> "runs show should give the job's log path " + log + ":\n" + show.out());
        assertFalse(show.out().lines().anyMatch(l -> l.contains("work[good]") && l.contains("FAILED")), show::toString);

        RunFixture.Result logs = f.morph("logs", "oops", "work[bad]");
        assertEquals(0, logs.exitCode(), logs::toString);
        assertTrue(logs.out().contains("hello from bad"), logs::toString);
        assertTrue(logs.out().contains("boom: cannot segment bad"), () -> "stderr goes to the log too:\n" + logs.out());
        RunFixture.Result goodLog = f.morph("logs", "oops", "work[good]");
        assertTrue(goodLog.out().contains("hello from good") && !goodLog.out().contains("hello from bad"), goodLog::toString);
    }
}
