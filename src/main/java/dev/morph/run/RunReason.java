package dev.morph.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a run stands as it does: the {@code reason_code} of its record (README, "Runs"), spelt as its name. */
public enum RunReason {
    /** In progress. */
    RUNNING,
    ALL_JOBS_SUCCEEDED,
    NOTHING_TO_DO,
    /** Some jobs failed, some succeeded. */
    PARTIAL_SUCCESS,
    /** Every job that ended failed. */
    JOB_FAILED,
    /** SIGINT or SIGTERM stopped it. */
    USER_INTERRUPT,
    /** {@code --fail-fast}: the first failure stopped it. */
    FAIL_FAST,
    /** Its morph died; found by a later command. */
    ORCHESTRATOR_LOST,
    /** Jobs were skipped because another run held their locks. */
    LOCK_CONFLICT,
    /** morph's state could not be written. */
    SYS_WRITE_ERROR,
    /** The cluster scheduler asked for does not answer. */
    EXECUTOR_UNAVAILABLE,
    /** Nothing could run: every stale job the invocation named (targets, experiments) is blocked by a missing input. */
    BLOCKED;

    private static final Spelling<RunReason> SPELLING = new Spelling<>("run reason code", RunReason.class);

    @JsonValue
    @Override
    public String toString() {
        return name();
    }

    @JsonCreator
    public static RunReason of(String word) {
        return SPELLING.of(word);
    }
}
