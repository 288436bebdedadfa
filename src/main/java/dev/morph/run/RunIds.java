package dev.morph.run;

import dev.morph.MorphException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Run IDs: generated as a UTC timestamp plus a random suffix (sortable, unique), or given and validated. */
public final class RunIds {
    public static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private RunIds() {
    }

    /** {@code 20261123-114512.250-k3f9}: sorts by start time to the millisecond. */
    public static String generate() {
        StringBuilder id = new StringBuilder(STAMP.format(ZonedDateTime.now(ZoneOffset.UTC))).append('-');
        for (int i = 0; i < 4; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    public static String validate(String id) {
        if (!VALID.matcher(id).matches()) {
            throw MorphException.usage("run ID '" + id + "' must start with a letter or digit and hold only letters, digits, "
                    + "'.', '_' and '-' (at most 128 characters)");
        }
        return id;
    }
}
