package dev.morph.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** File-system times (ns since the epoch) as people read them, in a zone, and as ISO-8601 for JSON. */
class TimesTest {
    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void text_showsMillisecondsInTheZone() {
        assertEquals("2025-06-01 14:03:12.250", Times.text(nanos("2025-06-01T14:03:12.250999Z"), Zone.UTC));
        // summer time in Amsterdam: two hours ahead of UTC; winter: one
        assertEquals("2025-06-21 11:00:00.000", Times.text(nanos("2025-06-21T09:00:00Z"), Zone.of(ZoneId.of("Europe/Amsterdam"))));
        assertEquals("2025-01-21 10:00:00.000", Times.text(nanos("2025-01-21T09:00:00Z"), Zone.of(ZoneId.of("Europe/Amsterdam"))));
    }

    @Test
    void text_beforeTheEpoch_roundsTowardsThePast() {
        assertEquals("1969-12-31 23:59:59.999", Times.text(-1, Zone.UTC));
        assertEquals("1970-01-01 00:00:00.000", Times.text(999_999, Zone.UTC));
    }

    @Test
    void iso_keepsTheFullPrecisionInUtc() {
        assertEquals("2025-06-01T14:03:12.250999001Z", Times.iso(nanos("2025-06-01T14:03:12.250999001Z")));
        assertEquals("1969-12-31T23:59:59.999999999Z", Times.iso(-1));
    }
}
