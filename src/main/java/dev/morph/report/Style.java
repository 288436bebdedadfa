package dev.morph.report;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * How output looks: ANSI colour (only on a terminal, never with {@code NO_COLOR}), Unicode symbols
 * (only when the locale can show them), and the zone times are shown in, looked up only when a time
 * is shown (finding the system's zone reads the time-zone database: over 10 ms of a short command).
 */
public record Style(boolean color, boolean unicode, Supplier<TimeZone> zones) {
    public static final Style PLAIN = new Style(false, false, fixed(ZoneOffset.UTC));

    /** A zone known up front, made when first asked for. */
    public static Supplier<TimeZone> fixed(ZoneId zone) {
        return new Zone(zone);
    }

    /** The zone of this machine, looked up when first asked for (see {@link Times}). */
    public static Supplier<TimeZone> system() {
        return new Zone(null);
    }

    /** A zone made once, on first use. A class rather than a lambda: linking a lambda costs a short command more. */
    private static final class Zone implements Supplier<TimeZone> {
        private final ZoneId id;
        private TimeZone zone;

        Zone(ZoneId id) {
            this.id = id;
        }

        @Override
        public synchronized TimeZone get() {
            if (zone == null) {
                zone = id == null ? TimeZone.getDefault() : TimeZone.getTimeZone(id);
            }
            return zone;
        }
    }

    public TimeZone zone() {
        return zones.get();
    }

    public String paint(String ansi, String text) {
        return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }

    public String bold(String text) {
        return paint("1", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }

    public String red(String text) {
        return paint("31", text);
    }

    public String green(String text) {
        return paint("32", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }
}
