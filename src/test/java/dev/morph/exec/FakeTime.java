package dev.morph.exec;

import dev.morph.store.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock for tests that stands still until told to move: {@link #advance}. */
public final class FakeTime implements TimeSource {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public Instant now() {
        return START.plusNanos(nanos.get());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
