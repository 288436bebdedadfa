package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.journal.JobRecord;
import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunReason;
import dev.morph.run.RunState.JobEntry.Outcome;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an attempt's durable end means for the run: retry while attempts are left and the run goes on; a success not recorded fails. */
class SettlementTest {
    private static JobRecord ended(JobStatus status, JobReason reason, String message, Integer code) {
        return new JobRecord(new JobId("a", "x"), new JobRecord.Attempt("r", "h", 1, 1, 0),
                new JobRecord.Command(List.of(), List.of(), Map.of()), new JobRecord.Inputs(0, null, null),
                new JobRecord.Outcome(status, 1L, Map.of(), code, reason, message));
    }

    @Test
    void aFailure_isRetriedWhileAttemptsAreLeft_unlessTheRunStops() {
        JobRecord failed = ended(JobStatus.FAILED, JobReason.EXIT_NONZERO, "exited with code 3", 3);
        assertEquals(new Settlement.Retry(new Outcome(JobStatus.PENDING, JobReason.EXIT_NONZERO,
                "exited with code 3; retrying (attempt 2 of 3)", 3)), Settlement.of(failed, null, 1, 2, null));
        assertEquals(new Settlement.Failed(new Outcome(JobStatus.FAILED, JobReason.EXIT_NONZERO, "exited with code 3", 3)),
                Settlement.of(failed, null, 3, 2, null));
        assertEquals(new Settlement.Failed(new Outcome(JobStatus.FAILED, JobReason.EXIT_NONZERO, "exited with code 3", 3)),
                Settlement.of(failed, null, 1, 2, new Stop(RunReason.SYS_WRITE_ERROR, "disk full")));
    }

    @Test
    void aSuccess_counts_onlyWhenRecorded() {
        JobRecord ok = ended(JobStatus.SUCCEEDED, null, null, 0);
        assertEquals(new Settlement.Succeeded(), Settlement.of(ok, null, 1, 0, null));
        assertEquals(new Settlement.NotRecorded(new Outcome(JobStatus.FAILED, JobReason.SYS_WRITE_ERROR,
                "could not record the job's success in the journal", 0)), Settlement.of(ok, new IOException("No space left on device"), 1, 0, null));
    }

    @Test
    void anInterruptedAttempt_saysWhatStoppedTheRun() {
        assertEquals(new Settlement.Interrupted(new Outcome(JobStatus.INTERRUPTED, JobReason.INTERRUPTED, "stopped by SIGTERM", 143)),
                Settlement.of(ended(JobStatus.INTERRUPTED, JobReason.INTERRUPTED, "interrupted by the user", 143), null, 1, 5,
                        new Stop(RunReason.USER_INTERRUPT, "SIGTERM")));
    }
}
