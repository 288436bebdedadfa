package dev.morph.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a job stands as it does: the {@code reason_code} of a job in a run's record and of a journal
 * record (README, "Runs"), spelt as its name. Those of an attempt's end come from the executor, the job
 * runner or the cluster scheduler; those of a job that never started from the executor.
 */
public enum JobReason {
    SUCCEEDED,
    /** The command exited with a code other than 0. */
    EXIT_NONZERO,
    /** It exited 0 without creating every declared output. */
    OUTPUT_NOT_CREATED,
    /** Its process could not be started. */
    START_FAILED,
    /** The cluster scheduler refused it. */
    SUBMIT_FAILED,
    /** Killed after its time limit. */
    TIMEOUT,
    /** Stopped by morph. */
    KILLED,
    /** morph lost track of the attempt. */
    LOST,
    /** It ended, but how is unknown (no exit-code file, the scheduler forgot it). */
    EXIT_STATUS_LOST,
    /** The user stopped the run while it ran. */
    INTERRUPTED,
    /** Its morph died while it ran. */
    ORCHESTRATOR_LOST,
    /** Another run holds its lock: it runs elsewhere. */
    LOCKED,
    /** Skipped: a job it depends on runs elsewhere. */
    UPSTREAM_LOCKED,
    /** Skipped: a job it depends on failed. */
    UPSTREAM_FAILED,
    /** Not started: {@code --fail-fast} stopped the run. */
    FAIL_FAST,
    /** Its state could not be written. */
    SYS_WRITE_ERROR,
    /** The scheduler's time limit ended it. */
    SCHEDULER_TIMEOUT,
    OUT_OF_MEMORY,
    /** Cancelled on the scheduler, not by morph. */
    CANCELLED,
    NODE_FAIL,
    PREEMPTED,
    /** The scheduler put it in an error state. */
    SCHEDULER_ERROR;

    private static final Spelling<JobReason> SPELLING = new Spelling<>("job reason code", JobReason.class);

    @JsonValue
    @Override
    public String toString() {
        return name();
    }

    @JsonCreator
    public static JobReason of(String word) {
        return SPELLING.of(word);
    }
}
