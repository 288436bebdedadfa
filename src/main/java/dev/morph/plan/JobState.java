package dev.morph.plan;

/** The planner's verdict on a job. */
public enum JobState {
    /** Outputs exist and nothing makes them stale. */
    UP_TO_DATE("up-to-date"),
    /** It will run: at least one reason holds and every input exists or will be produced. */
    STALE("stale"),
    /** It would have to run but an input is missing and nothing in the plan produces it. */
    BLOCKED("blocked"),
    /** The step's {@code when} filter excludes the experiment. */
    NOT_APPLICABLE("n/a");

    private final String word;

    JobState(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
