package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The amounts sacct and qacct print, as they print them. */
class UsageTextTest {
    @Test
    void bytes_withBinarySuffixes() {
        assertEquals(1234L * 1024, UsageText.bytes("1234K"));
        assertEquals(Math.round(10.445 * 1024 * 1024), UsageText.bytes("10.445M"));
        assertEquals(0L, UsageText.bytes("0.000B"));
        assertEquals(2L << 30, UsageText.bytes("2G"));
        assertEquals(512L, UsageText.bytes("512"));
        assertNull(UsageText.bytes(""));
    }

    @Test
    void slurmClockTimes() {
        assertEquals(1_500L, UsageText.clockMs("00:01.500"));
        assertEquals((3600 + 2 * 60 + 3) * 1000L, UsageText.clockMs("01:02:03"));
        assertEquals(((24 + 1) * 3600 + 60 + 1) * 1000L, UsageText.clockMs("1-01:01:01"));
        assertNull(UsageText.clockMs(""));
    }

    @Test
    void gridEngineSeconds() {
        assertEquals(12L, UsageText.secondsMs("0.012"));
        assertEquals(3_200L, UsageText.secondsMs("3.2s"));
        assertEquals(3_000L, UsageText.secondsMs("3"));
        assertNull(UsageText.secondsMs("n/a"));
    }
}
