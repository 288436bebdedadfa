package dev.morph.pipeline;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amounts of named resources: {@code cpus}, {@code gpus}, {@code mem_mb}, or any other integer a lab
 * counts (licenses, scratch disk). A step's resources are what one job needs; a run's are the totals
 * jobs share. Memory is written {@code mem: 16G}, {@code mem_gb: 16} or {@code mem_mb: 16384}.
 */
public record Resources(Map<String, Long> amounts) {
    public static final String CPUS = "cpus";
    public static final String GPUS = "gpus";
    public static final String MEM_MB = "mem_mb";
    public static final Resources NONE = new Resources(Map.of());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern MEMORY = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?)?");

    public Resources {
        for (Map.Entry<String, Long> e : amounts.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("resource '" + e.getKey() + "' (" + e.getValue() + ") must not be negative");
            }
        }
        amounts = Collections.unmodifiableMap(new TreeMap<>(amounts));
    }

    public long get(String name) {
        return amounts.getOrDefault(name, 0L);
    }

    public boolean isEmpty() {
        return amounts.isEmpty();
    }

    /** These amounts, with {@code overrides} replacing same-named ones. */
    public Resources with(Resources overrides) {
        Map<String, Long> merged = new TreeMap<>(amounts);
        merged.putAll(overrides.amounts);
        return new Resources(merged);
    }

    /**
     * Parses one {@code name=value} pair's name and value into {@code into}, normalising memory to
     * {@code mem_mb}. Throws {@link IllegalArgumentException} with a message naming the bad part.
     */
    public static void put(Map<String, Long> into, String name, String value) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value.trim();
        switch (key) {
            case "mem", "memory" -> into.put(MEM_MB, parseMemoryMb(v));
            case "mem_gb" -> into.put(MEM_MB, wholeNumber(key, v) * 1024);
            case "mem_mb" -> into.put(MEM_MB, wholeNumber(key, v));
            default -> {
                if (!NAME.matcher(key).matches()) {
                    throw new IllegalArgumentException("resource name '" + name + "' must be lower-case letters, digits and '_'");
                }
                into.put(key, wholeNumber(key, v));
            }
        }
    }

    /** Parses {@code gpus=1,mem_gb=64} as given to {@code --resources}. */
    public static Resources parseList(String text) {
        Map<String, Long> out = new TreeMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("resource '" + pair.trim() + "' must be written name=amount, e.g. gpus=1");
            }
            put(out, pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Resources(out);
    }

    /**
     * {@code 16G}, {@code 512M}, {@code 1T}, {@code 1.5G} or a plain number of megabytes; the unit in any
     * case, with an optional {@code i} and {@code b} ({@code 16GiB}, {@code 512mb}).
     */
    public static long parseMemoryMb(String text) {
        Matcher m = MEMORY.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("memory '" + text + "' must look like 16G, 512M or 1T");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
        double mb = switch (unit) {
            case "k" -> amount / 1024;
            case "g" -> amount * 1024;
            case "t" -> amount * 1024 * 1024;
            default -> amount;
        };
        return (long) Math.ceil(mb);
    }

    private static long wholeNumber(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resource '" + name + "' must be a whole number ≥ 0, not '" + value + "'");
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        amounts.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(k).append('=').append(v);
        });
        return out.toString();
    }
}
