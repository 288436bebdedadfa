package dev.morph.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a job stands, in a run's record and in the journal: {@code pending} (not started, or waiting
 * for a retry), {@code running}, and the ends {@code succeeded}, {@code failed}, {@code skipped} (never
 * started: upstream failed, locked elsewhere, fail-fast) and {@code interrupted} (stopped by the user, or
 * its morph died). The journal only ever records {@code running} and the ends an attempt can have.
 */
public enum JobStatus {
    PENDING("pending"), RUNNING("running"), SUCCEEDED("succeeded"), FAILED("failed"), SKIPPED("skipped"), INTERRUPTED("interrupted");

    private static final Spelling<JobStatus> SPELLING = new Spelling<>("job status", JobStatus.class);

    private final String word;

    JobStatus(String word) {
        this.word = word;
    }

    /** The word state files and people see. */
    @JsonValue
    @Override
    public String toString() {
        return word;
    }

    @JsonCreator
    public static JobStatus of(String word) {
        return SPELLING.of(word);
    }
}
