package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.ExitCodes;
import dev.morph.run.RunReason;
import dev.morph.run.RunStatus;
import org.junit.jupiter.api.Test;

/** How a run's end is summed up: a stop outranks job failures, failures outrank lock conflicts. */
class RunOutcomeTest {
    @Test
    void stops_outrankWhatTheJobsDid() {
        assertEquals(RunOutcome.of(RunStatus.STOPPED, RunReason.USER_INTERRUPT, "interrupted by SIGINT", ExitCodes.INTERRUPTED),
                RunOutcome.of(new Stop(RunReason.USER_INTERRUPT, "SIGINT"), 3, 2, 1));
        assertEquals(RunOutcome.of(RunStatus.FAILED, RunReason.SYS_WRITE_ERROR, "disk full", ExitCodes.IO_ERROR),
                RunOutcome.of(new Stop(RunReason.SYS_WRITE_ERROR, "disk full"), 3, 2, 1));
        assertEquals(RunOutcome.of(RunStatus.FAILED, RunReason.FAIL_FAST, "--fail-fast: a failed", ExitCodes.JOB_FAILED),
                RunOutcome.of(new Stop(RunReason.FAIL_FAST, "--fail-fast: a failed"), 3, 2, 1));
    }

    @Test
    void failures_partialOrTotal_thenLockConflicts_thenSuccess() {
        assertEquals(RunOutcome.of(RunStatus.FAILED, RunReason.PARTIAL_SUCCESS, "2 job(s) failed, 3 succeeded", ExitCodes.JOB_FAILED),
                RunOutcome.of(null, 3, 2, 1));
        assertEquals(RunOutcome.of(RunStatus.FAILED, RunReason.JOB_FAILED, "2 job(s) failed, 0 succeeded", ExitCodes.JOB_FAILED),
                RunOutcome.of(null, 0, 2, 0));
        assertEquals(RunOutcome.of(RunStatus.FAILED, RunReason.LOCK_CONFLICT, "1 job(s) were running elsewhere and were skipped",
                ExitCodes.JOB_FAILED), RunOutcome.of(null, 3, 0, 1));
        assertEquals(RunOutcome.of(RunStatus.COMPLETED, RunReason.ALL_JOBS_SUCCEEDED, "3 job(s) succeeded", ExitCodes.OK),
                RunOutcome.of(null, 3, 0, 0));
    }
}
