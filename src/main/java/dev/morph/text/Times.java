package dev.morph.text;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Formats file-system times (nanoseconds since the epoch) for people and for JSON. */
public final class Times {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private Times() {
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** {@code 2025-06-01 14:03:12.250} in {@code zone}. */
    public static String text(long nanos, Zone zone) {
        return TEXT.format(zone.local(instant(nanos)));
    }

    /** ISO-8601 in UTC with the full precision the file system gave. */
    public static String iso(long nanos) {
        return instant(nanos).toString();
    }
}
