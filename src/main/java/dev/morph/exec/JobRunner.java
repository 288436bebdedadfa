package dev.morph.exec;

import dev.morph.journal.Usage;
import dev.morph.run.JobReason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Starts job attempts somewhere: local processes, or a cluster scheduler. The executor decides what
 * runs when; a runner only starts, watches and stops.
 */
public interface JobRunner extends AutoCloseable {
    /** Starts the attempt; an {@link IOException} means it could not be started at all. */
    Launched launch(JobSpec spec) throws IOException;

    /**
     * Starts the attempt held by the runner until its attempts {@code upstream} (their handles) have
     * succeeded, so that it starts as soon as they end; only where {@link #canHold} says so.
     */
    default Launched launch(JobSpec spec, List<String> upstream) throws IOException {
        if (upstream.isEmpty()) {
            return launch(spec);
        }
        throw new IOException(name() + " cannot hold a job for others");
    }

    /** Whether jobs of {@code step} can be launched held on this runner's jobs (a scheduler dependency). */
    default boolean canHold(String step) {
        return false;
    }

    /** A name for messages: {@code local}, {@code slurm}, {@code sge}. */
    String name();

    /**
     * Watches an attempt a previous morph started and lost track of (its scheduler job {@code handle}),
     * instead of starting it again. Only runners whose jobs outlive morph support this.
     */
    default Launched attach(JobSpec spec, String handle, String ownerRunId) throws IOException {
        throw new IOException(name() + " jobs cannot be reattached");
    }

    /**
     * The run is stopping: launches under way end without starting anything (a submission waiting for
     * its turn, or one not yet sent), and none starts after this. Called before the launch gate closes.
     */
    default void stopLaunching() {
    }

    /** A launch that started nothing because the run is stopping. */
    class NotLaunched extends IOException {
        public NotLaunched() {
            super("the run is stopping");
        }
    }

    /** Why an attempt could not be started, with a reason code ({@code START_FAILED}, {@code SUBMIT_FAILED}). */
    class LaunchException extends IOException {
        private final JobReason reason;

        public LaunchException(JobReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public JobReason reason() {
            return reason;
        }
    }

    @Override
    default void close() {
    }

    /** A started attempt. */
    interface Launched {
        /** Completes when the attempt has ended, however it ended. */
        CompletableFuture<Exit> exit();

        /** Stops the attempt and everything it started: TERM, then KILL after {@code grace}. */
        void terminate(Duration grace);

        /** The process ID or scheduler job ID, for records and messages. */
        String handle();

        /** The executor it runs on when that is not its runner's own ({@code local}: a local step of a cluster run), else null. */
        default String executor() {
            return null;
        }

        /** When a held attempt really started, in file-system nanoseconds since the epoch; empty while it has not. */
        default OptionalLong startedAt() {
            return OptionalLong.empty();
        }

        /** The scheduler's state of the job ({@code PENDING}, {@code r}, …), or null when there is none. */
        default String state() {
            return null;
        }
    }

    /**
     * How an attempt ended: its exit code (null when unknown), and for ends that are not a plain exit a
     * reason code ({@code TIMEOUT}, {@code KILLED}, or a scheduler's verdict) with a message, and what
     * the attempt used, when the runner measured it.
     */
    record Exit(Integer code, JobReason reason, String message, Usage usage) {
        public Exit(Integer code, JobReason reason, String message) {
            this(code, reason, message, null);
        }

        public static Exit of(int code) {
            return new Exit(code, null, null);
        }

        public Exit with(Usage measured) {
            return new Exit(code, reason, message, measured);
        }

        public boolean ok() {
            return reason == null && code != null && code == 0;
        }
    }
}
