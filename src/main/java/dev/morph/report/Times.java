package dev.morph.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Formats file-system times (nanoseconds since the epoch) for people and for JSON. Local times come
 * from a {@link TimeZone}'s offset at each instant rather than from a {@code ZoneId}: the two read the
 * same time-zone database, but a {@code ZoneId} of a region first looks for zone-rule providers on the
 * class path, which opens and indexes morph's jar (about 10 ms of a short {@code plan}).
 */
public final class Times {
    /** 2037-01-01T00:00:00Z. */
    private static final long TIME_ZONE_TABLES_END = 2_114_380_800L;

    private Times() {
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * {@code 2025-06-01 14:03:12.250} in {@code zone} (a long of nanoseconds spans the years 1677 to
     * 2262). Written out by hand: a formatter's first use sets up lambdas and its printers
     * (milliseconds of a short {@code plan}).
     */
    public static String text(long nanos, TimeZone zone) {
        OffsetDateTime t = local(instant(nanos), zone);
        StringBuilder s = new StringBuilder(23);
        digits(s, t.getYear(), 4).append('-');
        digits(s, t.getMonthValue(), 2).append('-');
        digits(s, t.getDayOfMonth(), 2).append(' ');
        digits(s, t.getHour(), 2).append(':');
        digits(s, t.getMinute(), 2).append(':');
        digits(s, t.getSecond(), 2).append('.');
        return digits(s, t.getNano() / 1_000_000, 3).toString();
    }

    private static StringBuilder digits(StringBuilder s, int value, int width) {
        String v = Integer.toString(value);
        for (int i = v.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(v);
    }

    /**
     * The instant with the offset {@code zone} has then. From 2037 on through the zone's {@code ZoneId}:
     * {@code TimeZone} extends its tables past 2037 by each zone's last rule, which gets a few zones
     * wrong (negative daylight saving, rules tied to a calendar), where {@code ZoneId}'s rules are right.
     */
    public static OffsetDateTime local(Instant instant, TimeZone zone) {
        if (instant.getEpochSecond() >= TIME_ZONE_TABLES_END) {
            return instant.atZone(zone.toZoneId()).toOffsetDateTime();
        }
        long millis = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1000L), instant.getNano() / 1_000_000);
        return instant.atOffset(ZoneOffset.ofTotalSeconds(zone.getOffset(millis) / 1000));
    }

    /** ISO-8601 in UTC with the full precision the file system gave. */
    public static String iso(long nanos) {
        return instant(nanos).toString();
    }
}
