package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lanes never hold two jobs at once, there are as many as the peak parallelism, and a wait starts when a job's upstream ended. */
class TimelineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RunState.JobEntry job(String id, Integer startS, Integer endS) {
        return new RunState.JobEntry(id, id.replaceAll("\\[.*", ""), null, List.of(),
                new RunState.JobEntry.Outcome(endS == null ? JobStatus.RUNNING : JobStatus.SUCCEEDED, null, null, endS == null ? null : 0),
                1, new RunState.Span(startS == null ? null : T0.plusSeconds(startS).toString(), endS == null ? null : T0.plusSeconds(endS).toString()),
                new RunState.JobEntry.Execution(null, null, null, null));
    }

    @Test
    void lanesAndWaits() {
        // a[1] 0-10, a[2] 0-4, b[2] 6-8 after a[2] (waited 2 s for a slot), c 12-13 after a[1] and b[2], d never started
        List<RunState.JobEntry> jobs = List.of(job("a[1]", 0, 10), job("a[2]", 0, 4), job("b[2]", 6, 8), job("c", 12, 13), job("d", null, null));
        RunState run = new RunState("r", new RunState.Outcome(RunStatus.COMPLETED, null, null), null,
                new RunState.Span(T0.toString(), T0.plusSeconds(14).toString()), null, null, jobs, List.of(), List.of(), null);
        Map<String, List<String>> up = Map.of("b[2]", List.of("a[2]"), "c", List.of("a[1]", "b[2]"));
        Timeline t = Timeline.of(run, T0.plusSeconds(100).toEpochMilli(), id -> up.getOrDefault(id, List.of()));
        assertEquals(2, t.lanes());
        assertEquals(List.of("a[1]", "a[2]", "b[2]", "c"), t.bars().stream().map(b -> b.job().id()).toList());
        assertEquals(List.of(0, 1, 1, 0), t.bars().stream().map(Timeline.Bar::lane).toList());
        assertEquals(List.of(0L, 0L, 2000L, 2000L), t.bars().stream().map(Timeline.Bar::waitMs).toList());
        assertEquals(T0.plusSeconds(14).toEpochMilli(), t.endMs());
    }

    @Test
    void aRunningJob_reachesNow() {
        RunState run = new RunState("r", new RunState.Outcome(RunStatus.IN_PROGRESS, null, null), null,
                new RunState.Span(T0.toString(), null), null, null, List.of(job("a[1]", 1, null)), List.of(), List.of(), null);
        Timeline t = Timeline.of(run, T0.plusSeconds(5).toEpochMilli(), id -> List.of());
        assertEquals(T0.plusSeconds(5).toEpochMilli(), t.bars().get(0).endMs());
        assertEquals(1000L, t.bars().get(0).waitMs());
    }
}
