package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DAG at scheduler speed, on real schedulers: a job whose upstream jobs are in the queue is
 * submitted at once, held on them (SLURM {@code afterok}, Grid Engine {@code -hold_jid}), and counts as
 * started only when the scheduler starts it; a failed upstream's held dependents are removed from the
 * queue and recorded {@code UPSTREAM_FAILED}, never having started.
 */
class ClusterHoldTest {
    /** Three levels: {@code work} (slow enough that the levels below are submitted while it runs), {@code after}, {@code last}. */
    private static final String CHAIN = """
            after:
              inputs:
                in: {from: work.out}
              outputs:
                done: done/{exp}.txt
              command: sh -c 'cp {inputs.in} {outputs.done}'
            last:
              inputs:
                in: {from: after.done}
              outputs:
                done: last/{exp}.txt
              command: sh -c 'cp {inputs.in} {outputs.done}'
            """;

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    private static JsonNode submission(RunFixture f, String runId, String step, String exp) throws IOException {
        return RunFixture.JSON.readTree(f.root.resolve(".morph/runs/" + runId + "/jobs/" + step + "/" + exp + ".submit").toFile());
    }

    private static Instant mtime(RunFixture f, String relative) throws IOException {
        return Files.getLastModifiedTime(f.root.resolve(relative)).toInstant();
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void dependents_areSubmittedBeforeTheirUpstreamEnds_andStartAfterIt(String kind) throws IOException {
        Schedulers.require(kind);
        RunFixture f = fixtures.pipeline(RunFixture.workStep("sleep 3\necho ok > {outputs.out}\n") + CHAIN);
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "h1"));

        assertEquals(0, r.exitCode(), r.toString());
        String jobs = ".morph/runs/h1/jobs/";
        Instant workEnded = mtime(f, jobs + "work/a.exit");
        Instant afterEnded = mtime(f, jobs + "after/a.exit");
        Instant afterSubmitted = Instant.parse(submission(f, "h1", "after", "a").get("intended_at").asText());
        Instant lastSubmitted = Instant.parse(submission(f, "h1", "last", "a").get("intended_at").asText());
        assertTrue(afterSubmitted.isBefore(workEnded), "after[a] submitted at " + afterSubmitted + ", work[a] ended at " + workEnded);
        assertTrue(lastSubmitted.isBefore(workEnded), "last[a] submitted at " + lastSubmitted + ", work[a] ended at " + workEnded);
        assertFalse(mtime(f, jobs + "after/a.started").isBefore(workEnded), "after[a] started only once work[a] had ended");
        assertFalse(mtime(f, jobs + "last/a.started").isBefore(afterEnded), "last[a] started only once after[a] had ended");
        assertEquals("ok", f.read("last/a.txt").strip());
        // its start record is when it really started: nothing is stale afterwards
        JsonNode plan = f.planJson();
        for (String job : List.of("work[a]", "after[a]", "last[a]")) {
            assertEquals(List.of(), RunFixture.reasonCodes(plan, job), job + " is up to date: " + plan);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void failedUpstream_itsHeldDependentsAreCancelled_andUpstreamFailed(String kind) throws IOException {
        Schedulers.require(kind);
        String h2 = Schedulers.runId("h2");
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                sleep 3
                if [ {exp} = bad ]; then exit 7; fi
                echo ok > {outputs.out}
                """) + CHAIN);
        f.experiment("good").experiment("bad");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", h2));

        assertEquals(1, r.exitCode(), r.toString());
        JsonNode state = f.runState(h2);
        assertEquals("EXIT_NONZERO", f.job(state, "work[bad]").get("reason_code").asText());
        Instant workEnded = mtime(f, ".morph/runs/" + h2 + "/jobs/work/bad.exit");
        for (String step : List.of("after", "last")) {
            JsonNode sub = submission(f, h2, step, "bad");
            assertTrue(Instant.parse(sub.get("intended_at").asText()).isBefore(workEnded), step + "[bad] was submitted, held: " + sub);
            assertTrue(sub.hasNonNull("job_id"), sub.toString());
            JsonNode job = f.job(state, step + "[bad]");
            assertEquals("skipped", job.get("status").asText(), job.toString());
            assertEquals("UPSTREAM_FAILED", job.get("reason_code").asText(), job.toString());
            assertTrue(job.get("message").asText().contains("work/bad failed"), "names the failed job: " + job);
            assertTrue(job.get("message").asText().contains(kind + " job " + sub.get("job_id").asText() + " held on it was removed from the queue"), "says its job left the queue: " + job);
            assertFalse(f.exists(".morph/runs/" + h2 + "/jobs/" + step + "/bad.started"), step + "[bad] never started");
            assertEquals("succeeded", f.job(state, step + "[good]").get("status").asText());
        }
        assertEquals(List.of(), Schedulers.active(kind, h2), "nothing of the run is left in the queue");
        // never started: no start record claims it ran (it is planned for its failed upstream, not as incomplete)
        JsonNode plan = f.planJson();
        for (String job : List.of("after[bad]", "last[bad]")) {
            assertFalse(RunFixture.reasonCodes(plan, job).contains("INCOMPLETE"), job + ": " + plan);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void retriedUpstream_itsHeldDependentsAreWithdrawn_andHeldOnTheNewAttempt(String kind) throws IOException {
        Schedulers.require(kind);
        String h3 = Schedulers.runId("h3");
        // the first attempt fails (after the levels below were submitted, held on it), the second succeeds
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                sleep 3
                if [ ! -e tried ]; then touch tried; exit 5; fi
                echo ok > {outputs.out}
                """) + CHAIN);
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", h3, "--retries", "1"));

        assertEquals(0, r.exitCode(), r.toString());
        JsonNode state = f.runState(h3);
        assertEquals(2, f.job(state, "work[a]").get("attempts").asInt(), state.toString());
        for (String job : List.of("after[a]", "last[a]")) {
            assertEquals("succeeded", f.job(state, job).get("status").asText(), state.toString());
            assertEquals(1, f.job(state, job).get("attempts").asInt(), job + " counts one attempt: " + state);
        }
        assertEquals("ok", f.read("last/a.txt").strip());
        assertEquals(List.of(), Schedulers.active(kind, h3), "nothing of the run is left in the queue");
        JsonNode plan = f.planJson();
        for (String job : List.of("work[a]", "after[a]", "last[a]")) {
            assertEquals(List.of(), RunFixture.reasonCodes(plan, job), job + " is up to date: " + plan);
        }
    }
}
