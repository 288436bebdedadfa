package dev.morph.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a run stands: {@code in-progress} until it ends {@code completed}, {@code stopped} (by the user) or {@code failed}. */
public enum RunStatus {
    IN_PROGRESS("in-progress"), COMPLETED("completed"), STOPPED("stopped"), FAILED("failed");

    private static final Spelling<RunStatus> SPELLING = new Spelling<>("run status", RunStatus.class);

    private final String word;

    RunStatus(String word) {
        this.word = word;
    }

    @JsonValue
    @Override
    public String toString() {
        return word;
    }

    @JsonCreator
    public static RunStatus of(String word) {
        return SPELLING.of(word);
    }
}
