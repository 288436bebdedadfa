package dev.morph.store;

import java.io.IOException;

/** A source of "now" in nanoseconds since the epoch, comparable with file mtimes. */
public interface Clock {
    /** The local clock: for read-only commands, which must not write a clock file. */
    Clock SYSTEM = () -> {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    long now() throws IOException;
}
