package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM to a morph process in the middle of a run: every running job's process tree
 * (the job's shell, its child and its grandchild) is gone, the run is {@code stopped}/{@code USER_INTERRUPT}
 * with a resume command, the journal says {@code interrupted}, the next plan reruns those jobs
 * ({@code INCOMPLETE}) although their outputs exist, and the next run completes them. (The stop as a
 * sequence of events, and {@code --resume}: {@link ExecutorStopTest}.)
 */
class RunInterruptTest {
    /**
     * Writes its output first, then, while {@code hold-EXP} exists, starts a child and (through a
     * second shell) a grandchild and waits for them; every pid goes to {@code pids/EXP.*}.
     */
    private static final String HOLDING = RunFixture.workStep("""
            echo start {exp} $$ >> {root}/events.log
            echo built > {outputs.out}
            if [ -e {root}/hold-{exp} ]; then
              sleep 300 & echo $! > {root}/pids/{exp}.child
              sh -c 'sleep 300 & echo $! > "$0"; wait' {root}/pids/{exp}.grandchild & echo $! > {root}/pids/{exp}.mid
              echo $$ > {root}/pids/{exp}.job
              wait
            fi
            echo end {exp} $$ >> {root}/events.log
            """);

    /**
     * Catches TERM (noting it in {@code pids/EXP.term}) and goes on waiting; its child ignores TERM. Only
     * SIGKILL stops this tree.
     */
    private static final String STUBBORN = RunFixture.workStep("""
            echo start {exp} $$ >> {root}/events.log
            echo built > {outputs.out}
            trap 'echo TERM >> {root}/pids/{exp}.term' TERM
            (trap '' TERM; exec sleep 300) & echo $! > {root}/pids/{exp}.child
            echo $$ > {root}/pids/{exp}.job
            while true; do wait && break; done
            """);

    private static final List<String> KINDS = List.of("job", "child", "mid", "grandchild");

    @TempDir
    Path tmp;

    private RunFixture fixture;

    @AfterEach
    void cleanUp() {
        if (fixture != null) {
            fixture.killEverything();
        }
    }

    private RunFixture fixture(String... experiments) throws IOException {
        return withSteps(HOLDING, experiments);
    }

    private RunFixture withSteps(String steps, String... experiments) throws IOException {
        fixture = new RunFixture(tmp, RunFixture.pipeline(steps));
        for (String e : experiments) {
            fixture.experiment(e);
        }
        Files.createDirectories(fixture.root.resolve("pids"));
        return fixture;
    }

    /** Waits until the job of every experiment has written all four pids; returns them by "EXP.KIND". */
    private Map<String, Long> awaitTrees(RunFixture f, String... experiments) {
        Map<String, Long> pids = new HashMap<>();
        for (String e : experiments) {
            for (String kind : KINDS) {
                pids.put(e + "." + kind, Evidence.awaitPid(f.root.resolve("pids/" + e + "." + kind)));
            }
        }
        return pids;
    }

    private void assertTreesGone(Map<String, Long> pids) {
        Evidence.await("every job process (shell, child, grandchild) to be gone", () -> Evidence.alive(pids).isEmpty(),
                () -> "still alive: " + Evidence.alive(pids));
    }

    private void assertStopped(RunFixture f, String runId, List<String> jobs) {
        JsonNode state = f.runState(runId);
        assertEquals("stopped", state.path("status").asText(), state::toPrettyString);
        assertEquals("USER_INTERRUPT", state.path("reason_code").asText(), state::toPrettyString);
        for (String job : jobs) {
            assertEquals("interrupted", f.job(state, job).path("status").asText(), state::toPrettyString);
        }
        String resume = state.path("resume_command").asText("");
        assertTrue(resume.contains("--resume") && resume.contains(runId), () -> "resume_command: " + state.toPrettyString());
    }

    private void interruptStopsEverything(String signal) throws IOException {
        RunFixture f = fixture("a", "b");
        f.file("hold-a", "").file("hold-b", "");
        Process morph = f.morphProcess("m", "run", "-j", "2", "--run-id", "r1");
        Map<String, Long> pids = awaitTrees(f, "a", "b");

        RunFixture.signal(morph, signal);

        assertEquals(130, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), () -> f.transcript("m"));
        assertTreesGone(pids);
        assertStopped(f, "r1", List.of("work[a]", "work[b]"));
        for (String e : List.of("a", "b")) {
            JsonNode record = RunFixture.JSON.readTree(f.root.resolve(".morph/journal/exp/work/" + e + ".json").toFile());
            assertEquals("interrupted", record.path("status").asText(), record::toPrettyString);
        }
    }

    @Test
    void sigint_stopsEveryJobTree_recordsStoppedRun_andTheNextRunCompletesTheJobs() throws IOException {
        interruptStopsEverything("INT");
        RunFixture f = fixture;
        assertTrue(f.exists("out/a.txt") && f.exists("out/b.txt"), "the jobs wrote their outputs before they were stopped");

        String resume = f.runState("r1").path("resume_command").asText();
        assertTrue(Evidence.text(f.dir.resolve("m.out")).contains(resume), () -> "morph says how to resume:\n" + f.transcript("m"));
        RunFixture.Result show = f.morph("runs", "show", "r1");
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.out().contains("stopped") && show.out().contains("USER_INTERRUPT"), show::toString);
        assertTrue(show.out().contains(resume), () -> "runs show gives the exact resume command " + resume + ":\n" + show.out());

        JsonNode plan = f.planJson();
        for (String job : List.of("work[a]", "work[b]")) {
            assertTrue(RunFixture.reasonCodes(plan, job).contains("INCOMPLETE"), () -> job + " should rerun as INCOMPLETE: " + plan.toPrettyString());
        }

        Files.delete(f.root.resolve("hold-a"));
        Files.delete(f.root.resolve("hold-b"));
        RunFixture.Result again = f.morph("run", "-j", "2", "--run-id", "r2");
        assertEquals(0, again.exitCode(), again::toString);
        JsonNode state = f.runState("r2");
        assertEquals("completed", state.path("status").asText(), state::toPrettyString);
        assertEquals("succeeded", f.job(state, "work[a]").path("status").asText());
        assertEquals("succeeded", f.job(state, "work[b]").path("status").asText());
        assertEquals(2, Evidence.count(f.lines("events.log"), "start a"), () -> String.join("\n", f.lines("events.log")));
        assertEquals(0, f.planJson().get("jobs").size(), "everything is up to date after the rerun");
    }

    @Test
    void sigterm_behavesLikeSigint() throws IOException {
        interruptStopsEverything("TERM");
    }

    @Test
    void sigint_killsJobTreesThatIgnoreTerm_afterTheGracePeriod() throws IOException {
        RunFixture f = withSteps(STUBBORN, "a", "b");
        Process morph = f.morphProcess("m", "run", "-j", "2", "--kill-grace", "1s", "--run-id", "r1");
        Map<String, Long> pids = new HashMap<>();
        for (String e : List.of("a", "b")) {
            pids.put(e + ".job", Evidence.awaitPid(f.root.resolve("pids/" + e + ".job")));
            pids.put(e + ".child", Evidence.awaitPid(f.root.resolve("pids/" + e + ".child")));
        }

        RunFixture.signal(morph, "INT");

        assertEquals(130, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), () -> f.transcript("m"));
        assertTreesGone(pids);
        assertTrue(f.exists("pids/a.term") && f.exists("pids/b.term"), "each job was sent TERM before KILL");
        assertStopped(f, "r1", List.of("work[a]", "work[b]"));
    }

    @Test
    void secondSigint_killsAtOnce_withoutWaitingForTheGracePeriod() throws IOException {
        RunFixture f = withSteps(STUBBORN, "a");
        // a grace period far longer than this test waits for anything: only the second SIGINT can end the job in time
        Process morph = f.morphProcess("m", "run", "--kill-grace", "1h", "--run-id", "r1");
        Map<String, Long> pids = new HashMap<>(Map.of("a.job", Evidence.awaitPid(f.root.resolve("pids/a.job")),
                "a.child", Evidence.awaitPid(f.root.resolve("pids/a.child"))));

        RunFixture.signal(morph, "INT");
        Evidence.await("the job to be sent TERM", () -> f.exists("pids/a.term"), () -> f.transcript("m"));
        assertTrue(Evidence.alive(pids).size() == 2, "the job ignores TERM and is still running");
        RunFixture.signal(morph, "INT");

        assertEquals(130, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), () -> f.transcript("m"));
        assertTreesGone(pids);
        assertStopped(f, "r1", List.of("work[a]"));
    }

    @Test
    void resume_ofAnUnknownRun_isAUsageError() throws IOException {
        RunFixture f = fixture("a");
        RunFixture.Result r = f.morph("run", "--resume", "no-such-run");
        assertEquals(2, r.exitCode(), r::toString);
        assertNotNull(r.err());
        assertTrue(r.err().startsWith("morph: error:"), r::toString);
    }
}
