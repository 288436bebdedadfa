package dev.morph.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the durations of pipeline files and options: {@code 90s}, {@code 30m}, {@code 1h30m}, {@code 2d}, {@code 01:30:00}. */
public final class Durations {
    private static final Pattern SECONDS = Pattern.compile("\\d+");
    private static final Pattern UNITS = Pattern.compile("(?i)(?:(\\d+)d)?\\s*(?:(\\d+)h)?\\s*(?:(\\d+)m(?!s))?\\s*(?:(\\d+)s)?\\s*(?:(\\d+)ms)?");
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+):(\\d{1,2})");

    private Durations() {
    }

    /** Throws {@link IllegalArgumentException} with a message showing the accepted forms. */
    public static Duration parse(String text) {
        String t = text.trim();
        if (SECONDS.matcher(t).matches()) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher clock = CLOCK.matcher(t);
        if (clock.matches()) {
            long h = clock.group(1) == null ? 0 : Long.parseLong(clock.group(1));
            return Duration.ofHours(h).plusMinutes(Long.parseLong(clock.group(2))).plusSeconds(Long.parseLong(clock.group(3)));
        }
        Matcher m = UNITS.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("duration '" + text + "' must look like 90s, 30m, 1h30m, 2d or 01:30:00");
        }
        Duration d = Duration.ZERO;
        d = d.plusDays(number(m.group(1))).plusHours(number(m.group(2))).plusMinutes(number(m.group(3)));
        return d.plusSeconds(number(m.group(4))).plusMillis(number(m.group(5)));
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    /** A short human form: {@code 1h30m}, {@code 45s}, {@code 2m05s}, {@code 0.3s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, (s % 86400) / 3600);
    }
}
