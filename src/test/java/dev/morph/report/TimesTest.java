package dev.morph.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * Local times from a {@link TimeZone}'s offsets are the times a {@link ZoneId} of the same region
 * gives, in every zone this JDK knows: at random instants from 1900 to 2100, and on both sides of
 * each of the zone's transitions in that span (daylight saving, changed standard offsets).
 */
class TimesTest {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final long FROM = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();

    @Test
    void text_sameAsZoneIdInEveryZone() {
        Random random = new Random(1);
        int zones = 0;
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZoneId zone = ZoneId.of(id);
            TimeZone tz = TimeZone.getTimeZone(zone);
            for (long nanos : instants(zone, random)) {
                String expected = TEXT.format(Times.instant(nanos).atZone(zone));
                assertEquals(expected, Times.text(nanos, tz), id + " at " + Times.iso(nanos));
            }
            zones++;
        }
        assertEquals(ZoneId.getAvailableZoneIds().size(), zones);
    }

    /** Over every time a long of nanoseconds can hold (1677 to 2262), written out as the formatter would. */
    @Test
    void text_sameAsTheFormatterOverTheWholeRange() {
        Random random = new Random(2);
        TimeZone utc = TimeZone.getTimeZone("UTC");
        List<Long> edges = List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L);
        for (int i = 0; i < 100_000; i++) {
            long nanos = i < edges.size() ? edges.get(i) : random.nextLong();
            assertEquals(TEXT.format(Times.instant(nanos).atZone(ZoneId.of("UTC"))), Times.text(nanos, utc), Times.iso(nanos));
        }
    }

    @Test
    void text_beforeTheEpochAndAtMillisecondEdges() {
        TimeZone utc = TimeZone.getTimeZone("UTC");
        assertEquals("1969-12-31 23:59:59.999", Times.text(-1, utc));
        assertEquals("1970-01-01 00:00:00.000", Times.text(999_999, utc));
        assertEquals("2025-06-21 11:00:00.000", Times.text(Instant.parse("2025-06-21T09:00:00Z").getEpochSecond() * 1_000_000_000L,
                TimeZone.getTimeZone("Europe/Amsterdam")));
    }

    private static List<Long> instants(ZoneId zone, Random random) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add((FROM + (long) (random.nextDouble() * (TO - FROM))) * 1_000_000_000L + random.nextInt(1_000_000_000));
        }
        ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.ofEpochSecond(FROM));
        while (t != null && t.toEpochSecond() < TO) {
            long at = t.toEpochSecond() * 1_000_000_000L;
            out.add(at - 1);
            out.add(at);
            out.add(at + 1_000_000);
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return out;
    }
}
