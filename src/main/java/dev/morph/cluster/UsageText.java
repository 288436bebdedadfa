package dev.morph.cluster;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the amounts schedulers' accounting prints: {@code 1234K}, {@code 10.445M}, {@code 01:02:03.500}, {@code 3.2s}. */
final class UsageText {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]?)i?B?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+)-)?(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");

    private UsageText() {
    }

    /** Bytes from an amount with an optional binary suffix ({@code K} = 1024); null when blank or unreadable. */
    static Long bytes(String text) {
        Matcher m = text == null ? null : AMOUNT.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        int power = m.group(2).isEmpty() ? 0 : "KMGTP".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }

    /** Milliseconds from SLURM's {@code [D-][HH:]MM:SS[.mmm]}; null when unreadable. */
    static Long clockMs(String text) {
        Matcher m = text == null ? null : CLOCK.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        double seconds = ((days * 24 + hours) * 60 + Long.parseLong(m.group(3))) * 60 + Double.parseDouble(m.group(4));
        return Math.round(seconds * 1000);
    }

    /** Milliseconds from seconds, written {@code 3}, {@code 0.012} or {@code 3.2s}; null when unreadable. */
    static Long secondsMs(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Math.round(Double.parseDouble(text.trim().replaceAll("s$", "")) * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
