package dev.morph.store;

import java.io.IOException;
import java.time.Instant;

/** A source of "now" in nanoseconds since the epoch, comparable with file mtimes. */
public interface Clock {
    /** The local clock: for read-only commands, which must not write a clock file. */
    Clock SYSTEM = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    long now() throws IOException;
}
