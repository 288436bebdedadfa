package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal to morph's whole process group, as a terminal's Ctrl-C or a batch system's TERM sends it,
 * repeated over many trials at varying moments: only morph receives it (each job runs in a session of
 * its own), no job starts after it, the jobs that ran are recorded {@code interrupted} (never failed),
 * those that never started stay pending and the summary counts them, and no job process is left.
 * SIGHUP, a dropped ssh session, is handled like SIGTERM.
 */
class SignalRaceTest {
    private static final int TRIALS = 12;
    private static final int SLOTS = 3;
    private static final List<String> EXPERIMENTS = List.of("a", "b", "c", "d", "e", "f", "g");
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    /** Notes when it started (epoch ns) and its pids, then waits on a child. */
    private static final String HOLDING = RunFixture.workStep("""
            date +%s%N > {root}/stamps/{exp}
            echo $$ > {root}/pids/{exp}.job
            sleep 300 & echo $! > {root}/pids/{exp}.child
            wait
            """);

    @TempDir
    Path tmp;

    private final List<RunFixture> fixtures = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        fixtures.forEach(RunFixture::killEverything);
    }

    @Test
    void aSignalToTheWholeGroup_startsNothingAfterIt_andRecordsTheStoppedJobsInterrupted() throws IOException {
        Random random = new Random(13);
        RunFixture last = null;
        for (int trial = 0; trial < TRIALS; trial++) {
            String signal = SIGNALS.get(trial % SIGNALS.size());
            last = trial(tmp.resolve("t" + trial), signal, random.nextInt(40), trial);
        }
        RunFixture f = last;
        RunFixture.Result show = f.morph("runs", "show", "r1");
        assertTrue(show.out().contains(SLOTS + " interrupted") && show.out().contains("0 failed") && !show.out().contains("success rate"),
                show::toString);
        RunFixture.Result runs = f.morph("runs");
        assertTrue(runs.out().contains("INTERRUPTED"), runs::toString);
    }

    private RunFixture trial(Path dir, String signal, int delayMs, int trial) throws IOException {
        RunFixture f = new RunFixture(dir, RunFixture.pipeline(HOLDING));
        fixtures.add(f);
        EXPERIMENTS.forEach(f::experiment);
        Files.createDirectories(f.root.resolve("stamps"));
        Files.createDirectories(f.root.resolve("pids"));
        Process morph = f.morphGroupLeader("m", "run", "-j", Integer.toString(SLOTS), "--run-id", "r1");
        Evidence.await("every slot's job to have started", () -> started(f).size() == SLOTS && Evidence.pids(f.root.resolve("pids")).size() == 2 * SLOTS,
                () -> f.transcript("m"));
        jitter(delayMs);
        long sentAt = epochNanos(Instant.now());
        if (signal.equals("HUP")) {
            RunFixture.signal(morph, signal); // a hang-up reaches the session leader
        } else {
            RunFixture.signalGroup(morph, signal);
        }

        String context = "trial " + trial + " (SIG" + signal + " after " + delayMs + " ms)";
        assertEquals(130, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), () -> context + "\n" + f.transcript("m"));
        Map<String, Long> stamps = started(f);
        stamps.forEach((exp, at) -> assertTrue(at <= sentAt, () -> context + ": work[" + exp + "] started " + (at - sentAt) / 1000 + " µs after the signal"));
        JsonNode state = f.runState("r1");
        assertEquals("stopped", state.path("status").asText(), () -> context + "\n" + state.toPrettyString());
        assertTrue(state.path("resume_command").asText("").contains("--resume r1"), () -> context + "\n" + state.toPrettyString());
        for (String exp : EXPERIMENTS) {
            String expected = stamps.containsKey(exp) ? "interrupted" : "pending";
            assertEquals(expected, f.job(state, "work[" + exp + "]").path("status").asText(), () -> context + "\n" + state.toPrettyString());
        }
        String out = Evidence.text(f.dir.resolve("m.out"));
        int never = EXPERIMENTS.size() - stamps.size();
        assertTrue(stamps.isEmpty() || out.contains(jobs(stamps.size()) + " interrupted"), () -> context + "\n" + f.transcript("m"));
        assertTrue(never == 0 || out.contains(jobs(never) + " not started"), () -> context + "\n" + f.transcript("m"));
        Map<String, Long> pids = Evidence.pids(f.root.resolve("pids"));
        Evidence.await("every job process to be gone", () -> Evidence.alive(pids).isEmpty(), () -> context + ": alive " + Evidence.alive(pids));
        return f;
    }

    /** A few milliseconds, so that the signal lands at a different moment of the run in each trial. */
    private static void jitter(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Each started job's start time, epoch ns, by experiment. */
    private static Map<String, Long> started(RunFixture f) {
        Map<String, Long> out = new HashMap<>();
        for (String exp : EXPERIMENTS) {
            String text = Evidence.text(f.root.resolve("stamps/" + exp)).strip();
            if (!text.isEmpty()) {
                out.put(exp, Long.parseLong(text));
            }
        }
        return out;
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** How the end-of-run summary counts jobs: {@code 1 job}, {@code 2 jobs}. */
    private static String jobs(int n) {
        return n + (n == 1 ? " job" : " jobs");
    }
}
