package dev.morph.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The usage numbers of {@code runs show} read the same in every locale: a German one would write 1,5s. */
class UsageTableTest {
    private Locale given;

    @BeforeEach
    void german() {
        given = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, given);
    }

    @Test
    void durations_msUnderASecond_elseAsEveryDurationMorphPrints() {
        assertEquals("350ms", UsageTable.duration(350));
        assertEquals("1.5s", UsageTable.duration(1_500));
        assertEquals("45s", UsageTable.duration(45_000));
        assertEquals("2m05s", UsageTable.duration(125_000));
        assertEquals("1h30m", UsageTable.duration(5_400_000));
    }

    @Test
    void bytes_binaryUnitsWithAPoint() {
        assertEquals("512B", UsageTable.bytes(512));
        assertEquals("1.5KiB", UsageTable.bytes(1_536));
        assertEquals("2.0GiB", UsageTable.bytes(2L << 30));
    }
}
