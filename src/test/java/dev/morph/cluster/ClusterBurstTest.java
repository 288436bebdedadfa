package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.exec.Evidence;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A morph SIGKILLed at many points of a 20-job submission burst, then run again: every job is submitted
 * exactly once, counted in the scheduler's own history (SLURM's job completion log, Grid Engine's
 * accounting file) and in the jobs' own evidence. Kill points are chosen by how many submissions the
 * run has recorded, plus a random few milliseconds, so they fall between intent, submit and ID alike.
 */
class ClusterBurstTest {
    private static final int JOBS = 20;
    private static final Path SLURM_HISTORY = Path.of("/tmp/slurm-local/log/jobcomp.txt");
    private static final Path SGE_HISTORY = Path.of("/var/lib/gridengine/default/common/accounting");

    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void killedDuringASubmissionBurst_restartSubmitsEachJobExactlyOnce(String kind) throws Exception {
        Schedulers.require(kind);
        int[] killAfter = {0, 1, 3, 6, 9, 13, 17, 19};
        for (int trial = 0; trial < killAfter.length; trial++) {
            String nonce = "b" + Long.toHexString(System.nanoTime() & 0xffffffL) + "t" + trial;
            RunFixture f = fixtures.pipeline(nonce, RunFixture.workStep("""
                    echo %s >> {root}/ran/{exp}
                    echo ok > {outputs.out}
                    """.formatted(Schedulers.JOB_ID)));
            Files.createDirectories(f.root.resolve("ran"));
            for (int i = 0; i < JOBS; i++) {
                f.experiment(nonce + "_" + i);
            }
            Process first = f.morphProcess("first", Schedulers.run(kind, "--run-id", nonce + "-1"));
            int after = killAfter[trial];
            Path jobs = f.root.resolve(".morph/runs/" + nonce + "-1/jobs/work");
            Evidence.await("the first run to record " + after + " submission intent(s)", () -> submissions(jobs) >= after, () -> f.transcript("first"));
            Thread.sleep(ThreadLocalRandom.current().nextInt(120));
            RunFixture.signal(first, "KILL");
            Evidence.exitCode(first, Evidence.PATIENCE_SECONDS, () -> f.transcript("first"));

            Process second = f.morphProcess("second", Schedulers.run(kind, "--run-id", nonce + "-2"));
            assertEquals(0, Evidence.exitCode(second, 300, () -> f.transcript("first", "second")), f.transcript("first", "second"));

            Evidence.await("the scheduler to have let go of every job of trial " + nonce,
                    () -> Schedulers.active(kind, nonce + "-1").isEmpty() && Schedulers.active(kind, nonce + "-2").isEmpty()
                            && history(kind, nonce).values().stream().mapToInt(List::size).sum() >= JOBS,
                    () -> f.transcript("first", "second"));
            Map<String, List<String>> submitted = history(kind, nonce);
            String context = "trial " + trial + " (killed after " + after + " intents): " + submitted + "\n" + f.transcript("first", "second");
            assertEquals(JOBS, submitted.size(), context);
            submitted.forEach((job, ids) -> assertEquals(1, ids.size(), job + " submitted " + ids + " times; " + context));
            for (int i = 0; i < JOBS; i++) {
                assertEquals(1, f.lines("ran/" + nonce + "_" + i).size(), "job " + i + " ran once; " + context);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void twoRunsStartedAtOnce_neverBothAdoptAnOrphan(String kind) throws Exception {
        Schedulers.require(kind);
        for (int trial = 0; trial < 3; trial++) {
            String nonce = "a" + Long.toHexString(System.nanoTime() & 0xffffffL) + "t" + trial;
            // each job starts, then waits for the release file, so the killed run's jobs are still queued or running
            RunFixture f = fixtures.pipeline(nonce, RunFixture.workStep("""
                    echo %s >> {root}/ran/{exp}
                    i=0
                    while [ ! -e {root}/release ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
                    echo ok > {outputs.out}
                    """.formatted(Schedulers.JOB_ID)));
            Files.createDirectories(f.root.resolve("ran"));
            int jobs = 4;
            for (int i = 0; i < jobs; i++) {
                f.experiment(nonce + "_" + i);
            }
            Process first = f.morphProcess("first", Schedulers.run(kind, "--run-id", nonce + "-1"));
            Evidence.await("the first run to have all its jobs submitted", () -> {
                var state = Evidence.stateOrNull(f.root, nonce + "-1");
                return state != null && state.get("jobs").findValuesAsText("status").stream().filter("running"::equals).count() == jobs;
            }, () -> f.transcript("first"));
            RunFixture.signal(first, "KILL");
            Evidence.exitCode(first, Evidence.PATIENCE_SECONDS, () -> f.transcript("first"));

            if (trial == 0) {
                RunFixture.Result status = f.morph("status");
                assertEquals(jobs, status.out().lines().filter(l -> l.contains("the next morph run adopts it")).count(), status.toString());
                RunFixture.Result plan = f.morph("plan");
                assertEquals(jobs, plan.err().lines().filter(l -> l.contains("the next morph run adopts it")).count(), plan.toString());
            }
            List<String> orphans = executorIds(f, nonce + "-1", "running");
            Process a = f.morphProcess("a", Schedulers.run(kind, "--run-id", nonce + "-a"));
            Process b = f.morphProcess("b", Schedulers.run(kind, "--run-id", nonce + "-b"));
            // each run either adopts an orphan (running, with its scheduler job) or finds it locked (skipped)
            Evidence.await("both runs to have adopted or found locked every orphan",
                    () -> decided(f, nonce + "-a") + decided(f, nonce + "-b") == 2 * jobs, () -> f.transcript("first", "a", "b"));
            RunFixture.write(f.root.resolve("release"), "");
            Evidence.exitCode(a, 300, () -> f.transcript("a"));
            Evidence.exitCode(b, 300, () -> f.transcript("b"));

            List<String> adopted = new ArrayList<>(executorIds(f, nonce + "-a", "succeeded"));
            adopted.addAll(executorIds(f, nonce + "-b", "succeeded"));
            String context = "trial " + trial + ": orphans " + orphans + ", completed as " + adopted + "\n" + f.transcript("first", "a", "b");
            assertEquals(jobs, orphans.size(), context);
            assertEquals(orphans, adopted.stream().sorted().toList(), "each orphan adopted by one run, nothing submitted again; " + context);
            for (int i = 0; i < jobs; i++) {
                assertEquals(1, f.lines("ran/" + nonce + "_" + i).size(), "job " + i + " ran once; " + context);
                assertEquals("ok", f.read("out/" + nonce + "_" + i + ".txt").strip(), context);
            }
        }
    }

    /** The scheduler job IDs of run {@code runId}'s jobs in {@code status}, sorted. */
    private static List<String> executorIds(RunFixture f, String runId, String status) {
        List<String> ids = new ArrayList<>();
        f.runState(runId).get("jobs").forEach(j -> {
            if (status.equals(j.get("status").asText()) && j.hasNonNull("executor_id")) {
                ids.add(j.get("executor_id").asText());
            }
        });
        return ids.stream().sorted().toList();
    }

    /** Jobs of run {@code runId} that it adopted (running on the scheduler) or found locked (skipped). */
    private static long decided(RunFixture f, String runId) {
        var state = Evidence.stateOrNull(f.root, runId);
        if (state == null) {
            return 0;
        }
        long n = 0;
        for (var j : state.get("jobs")) {
            String status = j.get("status").asText();
            n += status.equals("skipped") || status.equals("running") && j.hasNonNull("executor_id") ? 1 : 0;
        }
        return n;
    }

    private static long submissions(Path jobs) {
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(jobs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".submit")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Scheduler job IDs by job name, of the jobs named {@code work.NONCE_*} the scheduler has finished with. */
    private static Map<String, List<String>> history(String kind, String nonce) {
        Map<String, List<String>> out = new TreeMap<>();
        String prefix = "work." + nonce + "_";
        try {
            for (String line : Files.readAllLines(kind.equals("slurm") ? SLURM_HISTORY : SGE_HISTORY)) {
                if (kind.equals("slurm")) {
                    Map<String, String> f = new TreeMap<>();
                    for (String word : line.split(" ")) {
                        int eq = word.indexOf('=');
                        if (eq > 0) {
                            f.put(word.substring(0, eq), word.substring(eq + 1));
                        }
                    }
                    if (f.getOrDefault("Name", "").startsWith(prefix)) {
                        out.computeIfAbsent(f.get("Name"), k -> new ArrayList<>()).add(f.get("JobId"));
                    }
                } else {
                    String[] f = line.split(":");
                    if (f.length > 5 && f[4].startsWith(prefix)) {
                        out.computeIfAbsent(f[4], k -> new ArrayList<>()).add(f[5]);
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + kind + "'s job history: " + e.getMessage(), e);
        }
        return out;
    }
}
