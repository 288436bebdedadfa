package dev.morph.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import dev.morph.store.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run recorder: state.json is complete JSON at every read however fast jobs change, the metrics
 * follow the jobs' statuses, and the heartbeat is rewritten while nothing else changes.
 */
class RunRecorderTest {
    @TempDir
    Path root;

    /** A clock that moves a millisecond each time it is read, so every stamp differs. */
    private static final class Ticking implements TimeSource {
        private final AtomicLong ms = new AtomicLong();

        @Override
        public Instant now() {
            return Instant.parse("2026-01-01T00:00:00Z").plusMillis(ms.incrementAndGet());
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }

    private static RunState initial(int jobs) {
        List<RunState.JobEntry> entries = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            entries.add(RunState.JobEntry.pending("work[e" + i + "]", "work", "e" + i, List.of()));
        }
        String now = "2026-01-01T00:00:00Z";
        return new RunState("r", new RunState.Outcome(RunStatus.IN_PROGRESS, RunReason.RUNNING, jobs + " job(s) to run"),
                new RunState.Origin("p.yaml", "/root", null, null, null, "local"), new RunState.Span(now, null), now, null, entries,
                List.of(), List.of(new RunState.HistoryEntry(now, RunStatus.IN_PROGRESS, RunReason.RUNNING, "started")), null);
    }

    @Test
    void stateJson_isCompleteAtEveryRead_andTheMetricsFollowTheJobs() throws Exception {
        StateLayout layout = new StateLayout(root);
        Files.createDirectories(layout.run("r"));
        Path file = layout.runState("r");
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    RunState s = StateJson.read(file, RunState.class);
                    reads.incrementAndGet();
                    if (s.jobs().size() != 60 || s.history() == null || s.status() == null) {
                        problems.add("incomplete: " + s);
                    }
                } catch (NoSuchFileException e) {
                    // not written yet
                } catch (IOException | RuntimeException e) {
                    problems.add(e.toString());
                }
            }
        });
        try (RunRecorder recorder = new RunRecorder(layout, initial(60), Duration.ofMinutes(1), new Ticking())) {
            recorder.start();
            reader.start();
            for (int i = 0; i < 60; i++) {
                String id = "work[e" + i + "]";
                recorder.job(id, j -> j.running(1, "2026-01-01T00:00:01Z", "log", null, "h"));
                RunState.JobEntry.Outcome end = i % 10 == 0
                        ? new RunState.JobEntry.Outcome(JobStatus.FAILED, JobReason.EXIT_NONZERO, "exited with code 1", 1)
                        : new RunState.JobEntry.Outcome(JobStatus.SUCCEEDED, JobReason.SUCCEEDED, null, 0);
                recorder.job(id, j -> j.with(end, 1, "2026-01-01T00:00:02Z"));
            }
            recorder.status(new RunState.Outcome(RunStatus.FAILED, RunReason.PARTIAL_SUCCESS, "6 job(s) failed, 54 succeeded"), true, null);
        } finally {
            done.set(true);
            reader.join();
        }
        assertEquals(List.of(), problems.subList(0, Math.min(3, problems.size())));
        assertTrue(reads.get() > 0);
        RunState last = StateJson.read(file, RunState.class);
        assertEquals(RunStatus.FAILED, last.status());
        assertEquals(new RunState.Metrics(60, 54, 6, 0, 0, 0, 60, 0, 0.0, 0.9, last.metrics().durationMs(), 0), last.metrics());
        assertEquals(2, last.history().size());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("state.json"), files.map(p -> p.getFileName().toString()).toList(), "no temp file left behind");
        }
    }

    @Test
    void heartbeat_isRewrittenWhileNothingElseChanges() throws Exception {
        StateLayout layout = new StateLayout(root);
        Files.createDirectories(layout.run("r"));
        try (RunRecorder recorder = new RunRecorder(layout, initial(1), Duration.ofMillis(20), new Ticking())) {
            recorder.start();
            String first = StateJson.read(layout.runState("r"), RunState.class).heartbeatAt();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String now = first;
            while (now.equals(first) && System.nanoTime() < deadline) {
                Thread.sleep(5);
                now = StateJson.read(layout.runState("r"), RunState.class).heartbeatAt();
            }
            assertNotEquals(first, now, "a new heartbeat was written");
            RunState s = StateJson.read(layout.runState("r"), RunState.class);
            assertEquals(RunStatus.IN_PROGRESS, s.status());
            assertNull(s.span().endedAt());
        }
    }
}
