package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morph.exec.JobAttempt.Phase;
import dev.morph.pipeline.Resources;
import dev.morph.run.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's way through a run: the moves the executor makes are allowed, counted, and any other move is refused. */
class JobAttemptTest {
    private static final ResourcePool.Grant GRANT = new ResourcePool.Grant(Resources.NONE, List.of());

    @Test
    void aRetriedJob_countsItsAttempts_andAnUndoneAttemptDoesNotCount() {
        JobAttempt job = new JobAttempt(null);
        job.preparing(GRANT);
        job.prepared(null);
        job.launching();
        job.running(null, null, null, 0);
        job.finishing(JobStatus.FAILED, null);
        job.retry();
        assertEquals(Phase.PENDING, job.phase());
        job.preparing(GRANT);
        assertEquals(2, job.number());
        job.prepared(null);
        job.undone();
        assertEquals(1, job.number(), "the run stopped before attempt 2 started");
        assertEquals(Phase.PENDING, job.phase());
        job.ended();
        assertEquals(Phase.ENDED, job.phase());
    }

    @Test
    void movesOutOfOrder_areRefused() {
        JobAttempt job = new JobAttempt(null);
        assertThrows(IllegalStateException.class, job::launching, "not prepared");
        assertThrows(IllegalStateException.class, () -> job.finishing(JobStatus.SUCCEEDED, null), "never ran");
        job.preparing(GRANT);
        assertThrows(IllegalStateException.class, () -> job.preparing(GRANT), "already being prepared");
        assertThrows(IllegalStateException.class, job::retry, "only a finished attempt is retried");
        job.prepared(null);
        job.launching();
        assertThrows(IllegalStateException.class, () -> job.prepared(null));
        job.running(null, null, null, 0);
        assertThrows(IllegalStateException.class, job::undone, "a running attempt cannot be undone");
    }

    @Test
    void phases_sayWhatHoldsASlotAndWhatAStopWaitsFor() {
        assertEquals(List.of(Phase.LAUNCHING, Phase.RUNNING), List.of(Phase.values()).stream().filter(Phase::inSlot).toList());
        assertEquals(List.of(Phase.PREPARING, Phase.PREPARED), List.of(Phase.values()).stream().filter(Phase::ahead).toList());
        assertEquals(List.of(Phase.LAUNCHING, Phase.RUNNING, Phase.FINISHING), List.of(Phase.values()).stream().filter(Phase::inFlight).toList());
    }
}
