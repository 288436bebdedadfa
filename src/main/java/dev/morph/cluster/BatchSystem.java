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
import java.util.Locale;
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

    /**
     * The submit command for a job script (pure: tests check the option mapping with it). {@code token}
     * identifies this one submission; it goes where the scheduler lists it (a comment or a context
     * variable), so a restart can find the job even when its ID was never recorded.
     */
    List<String> submitCommand(Path script, Path log, String jobName, String token, Resources resources, Duration timeout,
            ClusterOptions options);

    /**
     * Submit options that hold a job until the given jobs have ended with success ({@code afterok}); the
     * scheduler then starts it as soon as it sees them end, with no poll interval in between.
     */
    List<String> holdOptions(List<String> upstreamIds);

    /** Submits and returns the scheduler's job ID; a refusal throws {@link SubmitException} with its message. */
    String submit(List<String> command) throws SubmitException, IOException;

    /**
     * The scheduler's state of each of this user's jobs it still lists, by job ID, in one query. A job
     * missing from the answer has left the queue.
     */
    Map<String, String> states() throws IOException;

    /** This user's jobs the scheduler still lists, with their submission tokens (jobs without one are left out). */
    List<Queued> queued() throws IOException;

    /** A job in the queue and the token it was submitted with. */
    record Queued(String id, String state, String token) {
    }

    /** Whether a state means the job is over. */
    boolean finished(String state);

    /** The reason code for an end state that is not a plain exit ({@code SCHEDULER_TIMEOUT}, {@code OUT_OF_MEMORY}, …), or null. */
    JobReason reasonFor(String state);

    void cancel(Collection<String> ids) throws IOException;

    /** Why a job sits in an error state, as the scheduler says it (Grid Engine's {@code Eqw}). */
    default Optional<String> errorReason(String id) throws IOException {
        return Optional.empty();
    }

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
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
