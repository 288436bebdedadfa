package dev.morph.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morph.MorphException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The date an experiment name starts with, and the dates of --later-than and --earlier-than: strictly
 * YYYYMMDD, a day that exists, as the strict {@code uuuuMMdd} formatter reads eight digits.
 */
class LeadingDateTest {
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private static Optional<LocalDate> byFormatter(String name) {
        if (!name.matches("^\\d{8}.*")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(name.substring(0, 8), STRICT));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Test
    void leadingDate_examples() {
        assertEquals(Optional.of(LocalDate.of(2025, 5, 29)), ExperimentFinder.leadingDate("20250529_30hpf_ctrl"));
        assertEquals(Optional.of(LocalDate.of(2024, 2, 29)), ExperimentFinder.leadingDate("20240229"));
        assertEquals(Optional.empty(), ExperimentFinder.leadingDate("20250229_not_leap"));
        assertEquals(Optional.empty(), ExperimentFinder.leadingDate("2025052_short"));
        assertEquals(Optional.empty(), ExperimentFinder.leadingDate("exp_20250529"));
        assertEquals(Optional.empty(), ExperimentFinder.leadingDate("٢٠٢٥0529_arabic_indic_digits"));
    }

    @Test
    void leadingDate_randomNames_sameAsFormatter() {
        Random random = new Random(11);
        String alphabet = "0123456789_x٣";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder name = new StringBuilder();
            if (random.nextBoolean()) {
                // plausible dates, many of them impossible (month 13, day 31 in a short month, 29 Feb)
                name.append(String.format("%04d%02d%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33)));
            }
            int extra = random.nextInt(10);
            for (int j = 0; j < extra; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertEquals(byFormatter(name.toString()), ExperimentFinder.leadingDate(name.toString()), name.toString());
        }
    }

    @Test
    void parseDay_eightDigitsOfARealDay_orAUsageError() {
        assertEquals(LocalDate.of(2025, 5, 29), Selection.parseDay("--later-than", " 20250529 "));
        for (String bad : new String[] {"2025052", "202505290", "20250229", "2025-05-29", "x", ""}) {
            MorphException e = assertThrows(MorphException.class, () -> Selection.parseDay("--later-than", bad), bad);
            assertEquals("--later-than '" + bad + "' is not a date; write it YYYYMMDD, e.g. 20250529", e.getMessage());
        }
    }
}
