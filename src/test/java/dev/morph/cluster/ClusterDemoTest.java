package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.exec.Evidence;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README's demo on a real scheduler, the hard way: interrupted (SIGINT), resumed, the resuming morph
 * SIGKILLed mid-run, resumed again — and it ends exactly where a plain local run ends, each job having
 * completed once.
 */
class ClusterDemoTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    /** Each demo program sleeps this long first, so there is time to interrupt it. */
    private static final String DELAY = "delay=1";

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    private RunFixture demo(String name) throws IOException, InterruptedException {
        Path dir = tmp.resolve(name);
        Path root = dir.resolve("demo");
        Process p = new ProcessBuilder("sh", PROJECT.resolve("testdata/make-demo-root.sh").toString(), root.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return fixtures.add(new RunFixture(dir, PROJECT.resolve("testdata/morph.yaml"), root));
    }

    private static long count(JsonNode state, String status) {
        return state == null ? 0 : state.get("jobs").findValuesAsText("status").stream().filter(status::equals).count();
    }

    /** Waits until run {@code runId} has {@code succeeded} jobs done and a cluster job running. */
    private static void awaitProgress(RunFixture f, String runId, int succeeded, String morph) {
        Evidence.await(runId + " to have " + succeeded + " job(s) done and one running", () -> {
            JsonNode s = Evidence.stateOrNull(f.root, runId);
            return count(s, "succeeded") >= succeeded && count(s, "running") >= 1;
        }, () -> f.transcript(morph));
    }

    /** Every experiment × step cell and global step of {@code status --format json}, by name, with its state. */
    private static Map<String, String> cells(JsonNode status) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode exp : status.get("experiments")) {
            exp.get("steps").fields().forEachRemaining(s -> out.put(exp.get("name").asText() + " " + s.getKey(), s.getValue().get("state").asText()));
        }
        status.get("global").forEach(g -> out.put(g.get("step").asText(), g.get("state").asText()));
        return out;
    }

    private static JsonNode statusJson(RunFixture f) throws IOException {
        RunFixture.Result r = f.morph("status", "--format", "json");
        assertEquals(0, r.exitCode(), r.toString());
        return RunFixture.JSON.readTree(r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void demo_interruptedKilledAndResumed_endsAsALocalRun(String kind) throws Exception {
        Schedulers.require(kind);
        String d1 = Schedulers.runId("d1");
        String d2 = Schedulers.runId("d2");
        String d3 = Schedulers.runId("d3");
        RunFixture local = demo("local");
        RunFixture.Result plain = local.morph("run", "e2e", "-j", "2", "--param", DELAY);
        assertEquals(0, plain.exitCode(), plain.toString());

        RunFixture f = demo(kind);
        Process first = f.morphProcess("first", Schedulers.run(kind, "e2e", "--param", DELAY, "--run-id", d1));
        awaitProgress(f, d1, 1, "first");
        RunFixture.signal(first, "INT");
        assertEquals(130, Evidence.exitCode(first, Evidence.PATIENCE_SECONDS, () -> f.transcript("first")), f.transcript("first"));
        assertEquals(List.of(), Schedulers.active(kind, d1), "SIGINT cancelled the run's jobs");

        Process second = f.morphProcess("second", Schedulers.run(kind, "--resume", d1, "--run-id", d2));
        awaitProgress(f, d2, 2, "second");
        RunFixture.signal(second, "KILL");
        Evidence.exitCode(second, Evidence.PATIENCE_SECONDS, () -> f.transcript("second"));
        Map<String, String> orphans = new TreeMap<>();
        for (JsonNode j : f.runState(d2).get("jobs")) {
            if ("running".equals(j.get("status").asText())) {
                orphans.put(j.get("id").asText(), j.get("executor_id").asText());
            }
        }
        assertTrue(!orphans.isEmpty());

        Process third = f.morphProcess("third", Schedulers.run(kind, "--resume", d2, "--run-id", d3));
        assertEquals(0, Evidence.exitCode(third, 300, () -> f.transcript("third")), f.transcript("first", "second", "third"));

        // each job completed in exactly one scheduler job, across the three runs
        Map<String, List<String>> completions = new TreeMap<>();
        for (String run : List.of(d1, d2, d3)) {
            for (JsonNode j : f.runState(run).get("jobs")) {
                if ("succeeded".equals(j.get("status").asText())) {
                    completions.computeIfAbsent(j.get("id").asText(), k -> new ArrayList<>()).add(run + ":" + j.get("executor_id").asText());
                }
            }
        }
        // the jobs the killed morph left running were adopted (same scheduler job) or settled, never submitted again
        for (JsonNode j : f.runState(d3).get("jobs")) {
            String orphan = orphans.get(j.get("id").asText());
            assertTrue(orphan == null || orphan.equals(j.get("executor_id").asText()), j + " resubmitted; orphans " + orphans);
        }
        // what a plain run does on a fresh demo root: 19 per-experiment jobs and the two cohort jobs
        assertEquals(21, completions.size(), completions.toString());
        completions.forEach((job, done) -> assertEquals(1, done.size(), job + " completed " + done));
        assertTrue(f.read("metadata/combined_metadata_files/embryo_metadata_df03.csv").contains("20250612_72hpf_shha"));
        assertEquals(cells(statusJson(local)), cells(statusJson(f)));
    }
}
