package dev.morph.exec;

import dev.morph.ExitCodes;
import dev.morph.run.RunState;

/** How a run ended, for the run record and the process exit code. */
public record RunOutcome(String status, String reasonCode, String message, int exitCode) {
    /**
     * From why the run stopped early ({@code stopReason} null: it did not) and how many of its jobs
     * succeeded, failed, or were skipped because another run held their lock.
     */
    static RunOutcome of(String stopReason, String stopMessage, int succeeded, int failed, int locked) {
        if ("USER_INTERRUPT".equals(stopReason)) {
            return new RunOutcome(RunState.STOPPED, "USER_INTERRUPT", "interrupted by " + stopMessage, ExitCodes.INTERRUPTED);
        }
        if ("SYS_WRITE_ERROR".equals(stopReason)) {
            return new RunOutcome(RunState.FAILED, "SYS_WRITE_ERROR", stopMessage, ExitCodes.IO_ERROR);
        }
        if ("FAIL_FAST".equals(stopReason)) {
            return new RunOutcome(RunState.FAILED, "FAIL_FAST", stopMessage, ExitCodes.JOB_FAILED);
        }
        if (failed > 0) {
            String message = failed + " job(s) failed, " + succeeded + " succeeded";
            return new RunOutcome(RunState.FAILED, succeeded > 0 ? "PARTIAL_SUCCESS" : "JOB_FAILED", message, ExitCodes.JOB_FAILED);
        }
        if (locked > 0) {
            return new RunOutcome(RunState.FAILED, "LOCK_CONFLICT", locked + " job(s) were running elsewhere and were skipped",
                    ExitCodes.JOB_FAILED);
        }
        return new RunOutcome(RunState.COMPLETED, "ALL_JOBS_SUCCEEDED", succeeded + " job(s) succeeded", ExitCodes.OK);
    }
}
