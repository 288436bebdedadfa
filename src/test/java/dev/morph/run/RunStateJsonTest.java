package dev.morph.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morph.store.Fixtures;
import dev.morph.store.StateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code state.json} keeps its flat layout under the nested {@link RunState}: the run records morph
 * 0f0277b wrote are read with every field in place and written back byte for byte; unknown fields are
 * skipped, unknown statuses and reason codes refused.
 */
class RunStateJsonTest {
    private static final Path RUNS = Fixtures.main0f0277b().resolve("root/.morph/runs");

    private static RunState fixture(String runId) throws IOException {
        return StateJson.read(RUNS.resolve(runId).resolve("state.json"), RunState.class);
    }

    @Test
    void read_runRecordsAnEarlierMorphWrote() throws IOException {
        RunState failed = fixture("r-failed");
        assertEquals("r-failed", failed.runId());
        assertEquals(new RunState.Outcome(RunStatus.FAILED, RunReason.PARTIAL_SUCCESS,
                "1 job(s) failed, 2 succeeded; 2 job(s) blocked by missing inputs"), failed.outcome());
        assertEquals(new RunState.Origin("/tmp/fx/pipeline.yaml", "/tmp/fx/root", failed.origin().invocation(),
                new Owner("r-failed", "vm", 23014, 1796590605920L), null, "local"), failed.origin());
        assertEquals(2, failed.origin().invocation().jobs());
        assertEquals(1, failed.origin().invocation().retries());
        assertEquals(new RunState.Span("2026-12-06T20:56:47.022436190Z", "2026-12-06T20:56:48.176800578Z"), failed.span());
        assertEquals(new RunState.Metrics(5, 2, 1, 2, 0, 0, 4, 1, 0.25, 2.0 / 3, 1154L, 0), failed.metrics());
        RunState.JobEntry bad = failed.jobs().get(0);
        assertEquals("a[bad]", bad.id());
        assertEquals(new RunState.JobEntry.Outcome(JobStatus.FAILED, JobReason.EXIT_NONZERO, "exited with code 3", 3), bad.outcome());
        assertEquals(2, bad.attempts());
        assertEquals(new RunState.JobEntry.Execution(".morph/runs/r-failed/logs/a/bad.log", 23087L, "23087", null), bad.execution());
        assertEquals(List.of(new RunState.ReasonEntry("MISSING_OUTPUT", "output a/bad.txt does not exist")), bad.reasons());
        assertEquals(List.of(JobStatus.FAILED, JobStatus.SUCCEEDED, JobStatus.SKIPPED, JobStatus.SUCCEEDED, JobStatus.SKIPPED),
                failed.jobs().stream().map(RunState.JobEntry::status).toList());
        assertEquals(JobReason.UPSTREAM_FAILED, failed.jobs().get(4).outcome().reason());
        assertEquals(List.of(new RunState.BlockedEntry("a[nometa]", List.of("meta/nometa.txt")),
                new RunState.BlockedEntry("b[nometa]", List.of("meta/nometa.txt"))), failed.blocked());
        assertEquals(List.of(RunStatus.IN_PROGRESS, RunStatus.FAILED), failed.history().stream().map(RunState.HistoryEntry::status).toList());

        RunState stopped = fixture("r-stopped");
        assertEquals(RunStatus.STOPPED, stopped.status());
        assertEquals(RunReason.USER_INTERRUPT, stopped.outcome().reason());
        assertEquals("morph -p /tmp/fx/hold.yaml -r /tmp/fx/root run --resume r-stopped", stopped.resumeCommand());
        assertEquals(List.of("b"), stopped.origin().invocation().forceSteps());
        assertEquals(JobReason.INTERRUPTED, stopped.jobs().get(0).outcome().reason());

        RunState killed = fixture("r-killed");
        assertEquals(RunStatus.IN_PROGRESS, killed.status());
        assertEquals(RunReason.RUNNING, killed.outcome().reason());
        assertNull(killed.span().endedAt());
        assertEquals(JobStatus.RUNNING, killed.jobs().get(0).status());
        assertNull(killed.jobs().get(0).span().endedAt());
    }

    @Test
    void write_givesBackTheBytesAnEarlierMorphWrote() throws IOException {
        for (String run : List.of("r-failed", "r-ok", "r-stopped", "r-again", "r-killed")) {
            String old = Files.readString(RUNS.resolve(run).resolve("state.json"), StandardCharsets.UTF_8);
            if (run.equals("r-stopped")) {
                // it counted its two interrupted jobs as failed: read back, they are counted apart
                old = old.replace("\"failed\" : 2,", "\"failed\" : 0,").replace("\"success_rate\" : 0.0,", "\"success_rate\" : null,")
                        .replace("\"duration_ms\" : 606612\n", "\"duration_ms\" : 606612,\n    \"interrupted\" : 2\n");
            }
            assertEquals(old, StateJson.mapper().writeValueAsString(fixture(run)), run);
        }
    }

    @Test
    void writeThenRead_givesTheRunBack() throws IOException {
        RunState s = fixture("r-ok");
        RunState changed = s.with(new RunState.Outcome(RunStatus.STOPPED, RunReason.USER_INTERRUPT, "interrupted by SIGINT"),
                new RunState.Span("2026-01-02T03:04:05Z", null), "2026-01-02T03:04:06Z", "morph run --resume r-ok")
                .with(s.metrics(), List.of(s.jobs().get(0).withExecutorState("RUNNING")), List.of());
        assertEquals(changed, StateJson.mapper().readValue(StateJson.mapper().writeValueAsBytes(changed), RunState.class));
    }

    @Test
    void read_unknownFieldsSkipped_unknownWordsRefused() throws IOException {
        Map<String, Object> ok = Map.of("run_id", "r", "status", "completed", "reason_code", "NOTHING_TO_DO", "from_the_future", List.of(1));
        assertEquals(RunStatus.COMPLETED, StateJson.mapper().readValue(StateJson.mapper().writeValueAsBytes(ok), RunState.class).status());
        for (Map<String, ?> bad : List.<Map<String, ?>>of(Map.of("status", "done"), Map.of("reason_code", "NO_SUCH_REASON"),
                Map.of("jobs", List.of(Map.of("id", "a", "status", "waiting"))), Map.of("jobs", List.of(Map.of("id", "a", "reason_code", "MAYBE"))))) {
            byte[] json = StateJson.mapper().writeValueAsBytes(bad);
            assertThrows(IOException.class, () -> StateJson.mapper().readValue(json, RunState.class), bad.toString());
        }
    }
}
