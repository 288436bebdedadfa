package dev.morph.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Starts job attempts somewhere: local processes, or a cluster scheduler. The executor decides what
 * runs when; a runner only starts, watches and stops.
 */
public interface JobRunner extends AutoCloseable {
    /** Starts the attempt; an {@link IOException} means it could not be started at all. */
    Launched launch(JobSpec spec) throws IOException;

    /** A name for messages: {@code local}, {@code slurm}, {@code sge}. */
    String name();

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
    }

    /**
     * How an attempt ended: its exit code (null when unknown), and for ends that are not a plain exit a
     * reason code ({@code TIMEOUT}, {@code KILLED}, or a scheduler's verdict) with a message.
     */
    record Exit(Integer code, String reasonCode, String message) {
        public static Exit of(int code) {
            return new Exit(code, null, null);
        }

        public boolean ok() {
            return reasonCode == null && code != null && code == 0;
        }
    }
}
