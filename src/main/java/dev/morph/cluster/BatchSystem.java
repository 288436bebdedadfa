package dev.morph.cluster;

import dev.morph.journal.Usage;
import dev.morph.pipeline.ClusterOptions;
import dev.morph.pipeline.Resources;
import dev.morph.run.JobReason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cluster scheduler, driven through its own command-line tools: how a job's needs become submit
 * options, how to submit, one batched status query for many jobs, cancel, and what the scheduler
 * remembers of a job that has left the queue.
 */
public interface BatchSystem {
    /** {@code slurm} or {@code sge}. */
    String name();

    /** Whether the scheduler answers at all; the message says what is wrong when it does not. */
    Optional<String> unavailable();

    /** The submit command for a job script (pure: tests check the option mapping with it). */
    List<String> submitCommand(Path script, Path log, String jobName, Resources resources, Duration timeout, ClusterOptions options);

    /** Submits and returns the scheduler's job ID; a refusal throws {@link SubmitException} with its message. */
    String submit(List<String> command) throws SubmitException, IOException;

    /**
     * The scheduler's state of each listed job still known to it, in one query (jobs of the named
     * runs; {@code ids} null: all of them). A job missing from the answer has left the queue.
     */
    Map<String, String> states(Collection<String> jobNames, Collection<String> ids) throws IOException;

    /** Whether a state means the job is over. */
    boolean finished(String state);

    /** The reason code for an end state that is not a plain exit ({@code SCHEDULER_TIMEOUT}, {@code OUT_OF_MEMORY}, …), or null. */
    JobReason reasonFor(String state);

    void cancel(Collection<String> ids) throws IOException;

    /** What the scheduler recorded of a finished job: its end state and exit code, if it still knows. */
    Optional<Accounting> accounting(String id) throws IOException;

    /** What a finished job used as the scheduler's accounting has it (wall, CPU, peak memory); empty when it does not know. Never throws. */
    default Optional<Usage> usage(String id) {
        return Optional.empty();
    }

    /** A finished job as the scheduler recorded it; {@code reason} null for a plain exit. */
    record Accounting(String state, Integer exitCode, JobReason reason, String message) {
    }

    /** The scheduler refused a submission. */
    final class SubmitException extends Exception {
        public SubmitException(String message) {
            super(message);
        }
    }

    /** {@code ceil} of a duration in whole minutes, at least one (SLURM's unit). */
    static long minutes(Duration d) {
        return Math.max(1, (d.toSeconds() + 59) / 60);
    }

    static String hms(Duration d) {
        long s = Math.max(1, d.toSeconds());
        return String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
