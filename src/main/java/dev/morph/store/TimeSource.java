package dev.morph.store;

import java.time.Instant;

/**
 * The local clock of the process running a run: instants for the times people read in run records,
 * and a monotonic count of nanoseconds for how long things take (heartbeats, how long a prepared job
 * waited). Never compared with mtimes; that is {@link Clock}'s work. Tests pass a fake that moves only
 * when told.
 */
public interface TimeSource {
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    Instant now();

    /** As {@link System#nanoTime}: only differences mean anything. */
    long nanoTime();
}
