package dev.morph.exec;

import dev.morph.plan.JobId;
import dev.morph.run.RunState;
import java.util.function.Consumer;

/** Tells the user what a run is doing, as it happens: a live bar on a terminal, one line per event elsewhere. */
public interface Progress extends AutoCloseable {
    Progress NONE = warningsTo(message -> { });

    /** Passes warnings to {@code warnings} and shows nothing else: for runs nobody watches, and tests. */
    static Progress warningsTo(Consumer<String> warnings) {
        return new Progress() {
            @Override
            public void started(JobId job, int attempt, String handle) {
            }

            @Override
            public void ended(RunState.JobEntry job) {
            }

            @Override
            public void warn(String message) {
                warnings.accept(message);
            }
        };
    }

    void started(JobId job, int attempt, String handle);

    /** A job reached a final status, or failed an attempt that will be retried (status {@code pending}). */
    void ended(RunState.JobEntry job);

    void warn(String message);

    @Override
    default void close() {
    }
}
