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
import org.junit.jupiter.api.AfterEach;
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

    private final List<RunFixture> fixtures = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        fixtures.forEach(RunFixture::killEverything);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void killedDuringASubmissionBurst_restartSubmitsEachJobExactlyOnce(String kind) throws Exception {
        Schedulers.require(kind);
        int[] killAfter = {0, 1, 3, 6, 9, 13, 17, 19};
        for (int trial = 0; trial < killAfter.length; trial++) {
            String nonce = "b" + Long.toHexString(System.nanoTime() & 0xffffffL) + "t" + trial;
            RunFixture f = new RunFixture(tmp.resolve(nonce), RunFixture.pipeline(RunFixture.workStep("""
                    echo %s >> {root}/ran/{exp}
                    echo ok > {outputs.out}
                    """.formatted(Schedulers.JOB_ID))));
            fixtures.add(f);
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
            RunFixture f = new RunFixture(tmp.resolve(nonce), RunFixture.pipeline(RunFixture.workStep("""
                    echo %s >> {root}/ran/{exp}
                    i=0
                    while [ ! -e {root}/release ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
                    echo ok > {outputs.out}
                    """.formatted(Schedulers.JOB_ID))));
            fixtures.add(f);
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
            }
            Process a = f.morphProcess("a", Schedulers.run(kind, "--run-id", nonce + "-a"));
            Process b = f.morphProcess("b", Schedulers.run(kind, "--run-id", nonce + "-b"));
            Evidence.await("both runs to have adopted or found locked every orphan",
                    () -> adoptions(f, "a").size() + adoptions(f, "b").size() + lockedOut(f, "a") + lockedOut(f, "b") >= 2 * jobs,
                    () -> f.transcript("first", "a", "b"));
            RunFixture.write(f.root.resolve("release"), "");
            Evidence.exitCode(a, 300, () -> f.transcript("a"));
            Evidence.exitCode(b, 300, () -> f.transcript("b"));

            List<String> adopted = new ArrayList<>(adoptions(f, "a"));
            adopted.addAll(adoptions(f, "b"));
            String context = "trial " + trial + ": adopted " + adopted + "\n" + f.transcript("first", "a", "b");
            assertEquals(jobs, adopted.size(), context);
            assertEquals(jobs, adopted.stream().distinct().count(), context);
            for (int i = 0; i < jobs; i++) {
                assertEquals(1, f.lines("ran/" + nonce + "_" + i).size(), "job " + i + " ran once; " + context);
                assertEquals("ok", f.read("out/" + nonce + "_" + i + ".txt").strip(), context);
            }
        }
    }

    /** The scheduler jobs run {@code name} said it adopted. */
    private static List<String> adoptions(RunFixture f, String name) {
        return Evidence.text(f.dir.resolve(name + ".out")).lines().filter(l -> l.contains("warning: adopted "))
                .map(l -> l.replaceFirst(".*adopted \\S+ job (\\d+).*", "$1")).toList();
    }

    private static long lockedOut(RunFixture f, String name) {
        return Evidence.text(f.dir.resolve(name + ".out")).lines().filter(l -> l.contains("LOCKED")).count();
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
