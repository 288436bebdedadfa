package dev.morph.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The machine's zone read through java.util.TimeZone gives the offsets java.time's rules give. */
class ZoneTest {
    private static final Instant FROM = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2037-01-01T00:00:00Z");

    @Test
    void everyZone_agreesWithItsZoneRules_aroundEveryTransitionFrom1970To2037() {
        int checked = 0;
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZoneRules rules = ZoneId.of(id).getRules();
            Zone zone = Zone.of(TimeZone.getTimeZone(id));
            for (Instant t : probes(rules)) {
                assertEquals(rules.getOffset(t), zone.offsetAt(t), () -> id + " at " + t);
                checked++;
            }
        }
        assertTrue(checked > 50_000, "transitions checked: " + checked);
    }

    @Test
    void system_isTheDefaultTimeZone() {
        Instant summer = Instant.parse("2025-06-21T09:00:00Z");
        Instant winter = Instant.parse("2025-01-21T09:00:00Z");
        TimeZone given = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Amsterdam"));
            assertEquals("+02:00", Zone.system().offsetAt(summer).getId());
            assertEquals("+01:00", Zone.system().offsetAt(winter).getId());
        } finally {
            TimeZone.setDefault(given);
        }
    }

    /** The instant just before each transition, the transition, and the middle of the time to the next one. */
    private static List<Instant> probes(ZoneRules rules) {
        List<Instant> probes = new ArrayList<>(List.of(FROM));
        ZoneOffsetTransition t = rules.nextTransition(FROM);
        while (t != null && t.getInstant().isBefore(UNTIL)) {
            Instant at = t.getInstant();
            ZoneOffsetTransition next = rules.nextTransition(at);
            Instant end = next == null || next.getInstant().isAfter(UNTIL) ? UNTIL : next.getInstant();
            probes.addAll(List.of(at.minusSeconds(1), at, at.plusSeconds((end.getEpochSecond() - at.getEpochSecond()) / 2)));
            t = next;
        }
        return probes;
    }
}
