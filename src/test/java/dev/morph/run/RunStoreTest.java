package dev.morph.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.store.Clock;
import dev.morph.store.Fixtures;
import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import dev.morph.store.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whose morph died: the record a SIGKILLed morph 0f0277b left ({@code r-killed}, in progress, its
 * owner's pid long gone) is reconciled to {@code failed}/{@code ORCHESTRATOR_LOST}, its running job to
 * {@code interrupted}, stamped with the time given; runs that ended are left as they are.
 */
class RunStoreTest {
    @TempDir
    Path tmp;

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private RunStore store(Path root) {
        TimeSource fixed = new TimeSource() {
            @Override
            public Instant now() {
                return NOW;
            }

            @Override
            public long nanoTime() {
                return 0;
            }
        };
        return new RunStore(new StateLayout(root), Clock.SYSTEM, Duration.ofMinutes(1), fixed);
    }

    @Test
    void aRunWhoseMorphDied_isReconciledToOrchestratorLost() throws IOException {
        Path root = Fixtures.copyRoot(tmp.resolve("root"));
        // its heartbeat long over too, for a host other than the one that made the fixture, which judges by it
        Files.setLastModifiedTime(new StateLayout(root).runState("r-killed"), FileTime.fromMillis(0));
        RunStore store = store(root);
        RunState killed = store.read("r-killed").orElseThrow();
        assertTrue(store.isLost(killed), "its owner, pid " + killed.origin().owner().pid() + ", is gone");

        RunState now = store.reconciled(killed);

        assertEquals(RunStatus.FAILED, now.status());
        assertEquals(RunReason.ORCHESTRATOR_LOST, now.outcome().reason());
        assertTrue(now.outcome().message().startsWith("morph stopped without finishing this run (run r-killed (pid "), now.outcome().message());
        assertEquals(NOW.toString(), now.span().endedAt());
        RunState.JobEntry job = now.jobs().get(0);
        assertEquals(new RunState.JobEntry.Outcome(JobStatus.INTERRUPTED, JobReason.ORCHESTRATOR_LOST, "its orchestrator was lost while it ran",
                null), job.outcome());
        assertEquals(NOW.toString(), job.span().endedAt());
        assertEquals(new RunState.HistoryEntry(NOW.toString(), RunStatus.FAILED, RunReason.ORCHESTRATOR_LOST, now.outcome().message()),
                now.history().get(now.history().size() - 1));
        assertEquals(0, now.metrics().failed(), "a job whose morph died is interrupted, not failed");
        assertEquals(1, now.metrics().interrupted());
        assertEquals(0, now.metrics().running());

        assertEquals(List.of(now), store.reconcileAll(), "written by reconcileAll, the only run that needed it");
        assertEquals(now, StateJson.read(new StateLayout(root).runState("r-killed"), RunState.class));
        assertEquals(List.of(), store.reconcileAll(), "and only once");
    }

    @Test
    void runsThatEnded_areLeftAsTheyAre() {
        Path root = Fixtures.copyRoot(tmp.resolve("root"));
        RunStore store = store(root);
        for (String id : List.of("r-failed", "r-ok", "r-stopped", "r-again")) {
            RunState run = store.read(id).orElseThrow();
            assertSame(run, store.reconciled(run, Map.of()), id);
        }
        assertEquals(List.of("r-again", "r-killed", "r-stopped", "r-ok", "r-failed"), store.list().stream().map(RunState::runId).toList(),
                "newest first");
    }
}
