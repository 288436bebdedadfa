package dev.morph.exec;

import dev.morph.journal.JobRecord;
import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState.JobEntry.Outcome;
import java.io.IOException;

/**
 * What an attempt's end means for the run, once its end record is durable (or could not be written):
 * the job succeeded, is tried again, or ends failed or interrupted; a success the journal does not hold
 * counts as a failure, so the job reruns next time. A pure decision, like {@link RunOutcome}.
 */
sealed interface Settlement {
    /** The job succeeded: what depends on it may start. */
    record Succeeded() implements Settlement {
    }

    /** It failed and has attempts left: back to pending, with why and the attempt to come. */
    record Retry(Outcome pending) implements Settlement {
    }

    /** It failed for good: what depends on it is skipped. */
    record Failed(Outcome outcome) implements Settlement {
    }

    /** The user stopped it. */
    record Interrupted(Outcome outcome) implements Settlement {
    }

    /** It succeeded, but its success could not be recorded. */
    record NotRecorded(Outcome outcome) implements Settlement {
    }

    /**
     * @param attempt the attempt that ended (from 1), of {@code retries + 1} allowed
     * @param stop    why the run is stopping, or null: a stopping run retries nothing
     */
    static Settlement of(JobRecord done, IOException notWritten, int attempt, int retries, Stop stop) {
        JobRecord.Outcome end = done.outcome();
        return switch (done.status()) {
            case INTERRUPTED -> new Interrupted(new Outcome(JobStatus.INTERRUPTED, JobReason.INTERRUPTED,
                    "stopped by " + (stop == null ? null : stop.message()), end.exitCode()));
            case FAILED -> attempt <= retries && stop == null
                    ? new Retry(new Outcome(JobStatus.PENDING, end.reason(), end.message() + "; retrying (attempt " + (attempt + 1) + " of "
                    + (retries + 1) + ")", end.exitCode()))
                    : new Failed(new Outcome(JobStatus.FAILED, end.reason(), end.message(), end.exitCode()));
            case SUCCEEDED -> notWritten == null ? new Succeeded()
                    : new NotRecorded(new Outcome(JobStatus.FAILED, JobReason.SYS_WRITE_ERROR, "could not record the job's success in the journal", 0));
            default -> throw new IllegalStateException(done.job() + " ended " + done.status());
        };
    }

    /** A job that never started: skipped because {@code upstream} failed or runs elsewhere. */
    static Outcome skippedAfter(JobId upstream, JobReason reason) {
        return new Outcome(JobStatus.SKIPPED, reason, "not run: " + upstream.shown()
                + (reason == JobReason.UPSTREAM_LOCKED ? " is running elsewhere" : " failed"), null);
    }
}
