package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.exec.Evidence;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What happens to cluster jobs when morph is interrupted or killed, and when two morphs share a data
 * root: SIGINT cancels the run's jobs; after SIGKILL the jobs run on, and the next morph settles the
 * ones that ended and adopts the ones still running, so no job runs twice.
 */
class ClusterSignalsTest {
    /**
     * A job that logs its start with its scheduler job ID, holds while {@code hold-EXP} exists, then
     * writes its output and logs its end. {@code after} copies it (one job per experiment downstream).
     */
    private static final String HOLDING = RunFixture.workStep("""
            echo "start {exp} %s" >> {root}/events.log
            echo $$ > {root}/pids/{exp}-$$.job
            while [ -e {root}/hold-{exp} ]; do sleep 0.2; done
            echo built > {outputs.out}
            echo "end {exp}" >> {root}/events.log
            """.formatted(Schedulers.JOB_ID)) + """
            after:
              inputs:
                in: {from: work.out}
              outputs:
                done: done/{exp}.txt
              command: |
                echo "start after {exp}" >> {root}/events.log
                cp {inputs.in} {outputs.done}
            """;

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    private RunFixture holding(String... experiments) throws IOException {
        RunFixture fixture = fixtures.pipeline(HOLDING);
        for (String e : experiments) {
            fixture.experiment(e).file("hold-" + e, "");
        }
        Files.createDirectories(fixture.root.resolve("pids"));
        return fixture;
    }

    private static long starts(RunFixture f, String prefix) {
        return f.lines("events.log").stream().filter(l -> l.startsWith(prefix)).count();
    }

    private void awaitRunning(RunFixture f, String runId, String morphName, String... jobs) {
        Evidence.await(String.join(", ", jobs) + " running on the scheduler", () -> {
            JsonNode s = Evidence.stateOrNull(f.root, runId);
            for (String j : jobs) {
                if (!Evidence.jobHasStatus(s, j, "running") || !Evidence.jobEntry(s, j).get().path("executor_id").isTextual()) {
                    return false;
                }
            }
            return true;
        }, () -> f.transcript(morphName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void sigint_cancelsTheRunsQueuedAndRunningJobs(String kind) throws IOException {
        Schedulers.require(kind);
        String i1 = Schedulers.runId("i1");
        RunFixture f = holding("a", "b", "c");
        // two job slots on this one-node cluster: two jobs run, the third waits in the queue
        Process morph = f.morphProcess("m", Schedulers.run(kind, "--run-id", i1));
        Evidence.await("two jobs started", () -> starts(f, "start") == 2, () -> f.transcript("m"));
        awaitRunning(f, i1, "m", "work[a]", "work[b]", "work[c]");

        RunFixture.signal(morph, "INT");

        assertEquals(130, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), f.transcript("m"));
        assertEquals(List.of(), Schedulers.active(kind, i1), "morph cancelled every job it had queued");
        Map<String, Long> jobPids = Evidence.pids(f.root.resolve("pids"));
        Evidence.await("the cancelled jobs' processes to end", () -> Evidence.alive(jobPids).isEmpty(), () -> jobPids.toString());
        JsonNode state = f.runState(i1);
        assertEquals("stopped", state.get("status").asText(), state.toString());
        for (String j : List.of("work[a]", "work[b]", "work[c]")) {
            assertEquals("interrupted", f.job(state, j).get("status").asText(), state.toString());
        }
        assertEquals(0, starts(f, "end"), "no job got to its end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void sigkill_jobsRunOn_nextRunSettlesAndAdoptsThem_noneRunsTwice(String kind) throws IOException {
        Schedulers.require(kind);
        String k1 = Schedulers.runId("k1");
        RunFixture f = holding("a", "b");
        Process dead = f.morphProcess("dead", Schedulers.run(kind, "--run-id", k1));
        Evidence.await("both jobs started", () -> starts(f, "start") == 2, () -> f.transcript("dead"));
        awaitRunning(f, k1, "dead", "work[a]", "work[b]");

        RunFixture.signal(dead, "KILL");
        Evidence.exitCode(dead, Evidence.PATIENCE_SECONDS, () -> f.transcript("dead"));
        String idOfA = f.job(f.runState(k1), "work[a]").get("executor_id").asText();
        String idOfB = f.job(f.runState(k1), "work[b]").get("executor_id").asText();
        // (with the after jobs held on them in the queue)
        assertTrue(Schedulers.active(kind, k1).containsAll(List.of(idOfA, idOfB)), "the jobs outlive their morph");

        // status (read-only) shows b as running on the scheduler, with its job ID
        RunFixture.Result status = f.morph("status");
        assertTrue(status.out().contains("work/b") && status.out().contains(kind + " job " + idOfB), status.out());

        // a ends while nobody watches; b is still running when the next morph starts
        Files.delete(f.root.resolve("hold-a"));
        Evidence.await("a to end", () -> starts(f, "end a") == 1, () -> f.transcript("dead"));
        Evidence.await("a to leave the queue", () -> !Schedulers.active(kind, k1).contains(idOfA), () -> f.transcript("dead"));
        // morph runs settles a from its exit-code file and leaves b to be adopted
        RunFixture.Result runs = f.morph("runs");
        assertEquals(0, runs.exitCode(), runs.toString());
        JsonNode settled = f.runState(k1);
        assertEquals("succeeded", f.job(settled, "work[a]").get("status").asText(), settled.toString());
        assertEquals("running", f.job(settled, "work[b]").get("status").asText(), settled.toString());
        Process next = f.morphProcess("next", Schedulers.run(kind, "--run-id", "k2"));
        Evidence.await("the next run to adopt b", () -> Evidence.jobHasStatus(Evidence.stateOrNull(f.root, "k2"), "work[b]", "running"),
                () -> f.transcript("dead", "next"));
        Files.delete(f.root.resolve("hold-b"));

        assertEquals(0, Evidence.exitCode(next, Evidence.PATIENCE_SECONDS, () -> f.transcript("next")), f.transcript("dead", "next"));
        List<String> events = f.lines("events.log");
        assertEquals(1, starts(f, "start a "), events.toString());
        assertEquals(1, starts(f, "start b "), events.toString());
        assertEquals(1, Evidence.count(events, "start after a"), events.toString());
        assertEquals(1, Evidence.count(events, "start after b"), events.toString());
        JsonNode adopted = f.job(f.runState("k2"), "work[b]");
        assertEquals("succeeded", adopted.get("status").asText(), adopted.toString());
        assertEquals(idOfB, adopted.get("executor_id").asText(), "the next run watched the same scheduler job");
        assertEquals(0, f.morph("runs").exitCode());
        JsonNode lost = f.runState(k1);
        JsonNode handedOver = f.job(lost, "work[b]");
        assertEquals("interrupted", handedOver.get("status").asText(), "k2 has b's story, not k1: " + handedOver);
        assertTrue(handedOver.get("message").asText().contains("taken over by a later run"), handedOver.toString());
        assertEquals("ORCHESTRATOR_LOST", lost.get("reason_code").asText(), lost.toString());
        assertEquals("succeeded", f.job(lost, "work[a]").get("status").asText(), "settled from its exit-code file: " + lost);
        assertEquals(0, f.planJson().get("summary").get("to_run").asInt(), "all built, nothing twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void twoMorphs_disjointExperimentsOnOneRoot_bothComplete(String kind) throws IOException {
        Schedulers.require(kind);
        RunFixture f = holding("a", "b");
        // the jobs hold until both have started: proves the two runs overlapped
        Process first = f.morphProcess("first", Schedulers.run(kind, "--run-id", "d1", "--experiments", "a"));
        Process second = f.morphProcess("second", Schedulers.run(kind, "--run-id", "d2", "--experiments", "b"));
        Evidence.await("both runs' jobs started", () -> starts(f, "start") == 2, () -> f.transcript("first", "second"));
        Files.delete(f.root.resolve("hold-a"));
        Files.delete(f.root.resolve("hold-b"));

        assertEquals(0, Evidence.exitCode(first, Evidence.PATIENCE_SECONDS, () -> f.transcript("first")), f.transcript("first", "second"));
        assertEquals(0, Evidence.exitCode(second, Evidence.PATIENCE_SECONDS, () -> f.transcript("second")), f.transcript("first", "second"));
        assertEquals(List.of("work[a]", "after[a]"), f.runState("d1").findValuesAsText("id"));
        assertEquals(List.of("work[b]", "after[b]"), f.runState("d2").findValuesAsText("id"));
        assertEquals(1, starts(f, "start a "));
        assertEquals(1, starts(f, "start b "));
        assertEquals(0, f.planJson().get("summary").get("to_run").asInt());
    }
}
