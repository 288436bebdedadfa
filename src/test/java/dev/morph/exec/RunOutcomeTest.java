package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.ExitCodes;
import dev.morph.run.RunState;
import org.junit.jupiter.api.Test;

/** How a run's end is summed up: a stop outranks job failures, failures outrank lock conflicts. */
class RunOutcomeTest {
    @Test
    void stops_outrankWhatTheJobsDid() {
        assertEquals(new RunOutcome(RunState.STOPPED, "USER_INTERRUPT", "interrupted by SIGINT", ExitCodes.INTERRUPTED),
                RunOutcome.of("USER_INTERRUPT", "SIGINT", 3, 2, 1));
        assertEquals(new RunOutcome(RunState.FAILED, "SYS_WRITE_ERROR", "disk full", ExitCodes.IO_ERROR),
                RunOutcome.of("SYS_WRITE_ERROR", "disk full", 3, 2, 1));
        assertEquals(new RunOutcome(RunState.FAILED, "FAIL_FAST", "--fail-fast: a failed", ExitCodes.JOB_FAILED),
                RunOutcome.of("FAIL_FAST", "--fail-fast: a failed", 3, 2, 1));
    }

    @Test
    void failures_partialOrTotal_thenLockConflicts_thenSuccess() {
        assertEquals(new RunOutcome(RunState.FAILED, "PARTIAL_SUCCESS", "2 job(s) failed, 3 succeeded", ExitCodes.JOB_FAILED),
                RunOutcome.of(null, null, 3, 2, 1));
        assertEquals(new RunOutcome(RunState.FAILED, "JOB_FAILED", "2 job(s) failed, 0 succeeded", ExitCodes.JOB_FAILED),
                RunOutcome.of(null, null, 0, 2, 0));
        assertEquals(new RunOutcome(RunState.FAILED, "LOCK_CONFLICT", "1 job(s) were running elsewhere and were skipped", ExitCodes.JOB_FAILED),
                RunOutcome.of(null, null, 3, 0, 1));
        assertEquals(new RunOutcome(RunState.COMPLETED, "ALL_JOBS_SUCCEEDED", "3 job(s) succeeded", ExitCodes.OK),
                RunOutcome.of(null, null, 3, 0, 0));
    }
}
