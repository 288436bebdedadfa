package dev.morph.exec;

import dev.morph.ExitCodes;
import dev.morph.run.RunReason;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;

/** How a run ended, for the run record and the process exit code. */
public record RunOutcome(RunState.Outcome outcome, int exitCode) {
    /**
     * From why the run stopped early ({@code stop} null: it did not) and how many of its jobs
     * succeeded, failed, or were skipped because another run held their lock.
     */
    static RunOutcome of(Stop stop, int succeeded, int failed, int locked) {
        if (stop != null) {
            return switch (stop.reason()) {
                case USER_INTERRUPT -> of(RunStatus.STOPPED, RunReason.USER_INTERRUPT, "interrupted by " + stop.message(), ExitCodes.INTERRUPTED);
                case SYS_WRITE_ERROR -> of(RunStatus.FAILED, RunReason.SYS_WRITE_ERROR, stop.message(), ExitCodes.IO_ERROR);
                case FAIL_FAST -> of(RunStatus.FAILED, RunReason.FAIL_FAST, stop.message(), ExitCodes.JOB_FAILED);
                default -> throw new IllegalArgumentException("a run does not stop for " + stop.reason());
            };
        }
        if (failed > 0) {
            return of(RunStatus.FAILED, succeeded > 0 ? RunReason.PARTIAL_SUCCESS : RunReason.JOB_FAILED,
                    failed + " job(s) failed, " + succeeded + " succeeded", ExitCodes.JOB_FAILED);
        }
        if (locked > 0) {
            return of(RunStatus.FAILED, RunReason.LOCK_CONFLICT, locked + " job(s) were running elsewhere and were skipped", ExitCodes.JOB_FAILED);
        }
        return of(RunStatus.COMPLETED, RunReason.ALL_JOBS_SUCCEEDED, succeeded + " job(s) succeeded", ExitCodes.OK);
    }

    static RunOutcome of(RunStatus status, RunReason reason, String message, int exitCode) {
        return new RunOutcome(new RunState.Outcome(status, reason, message), exitCode);
    }

    public RunStatus status() {
        return outcome.status();
    }
}
