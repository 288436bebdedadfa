package dev.morph.discover;

import dev.morph.MorphException;
import dev.morph.Suggest;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which experiments' per-experiment jobs may be planned: named ones ({@code --experiments a,b}) and/or
 * those whose leading date is strictly later / earlier than a day ({@code --later-than},
 * {@code --earlier-than}). Global jobs always see every experiment.
 */
public record Selection(List<String> names, Optional<LocalDate> laterThan, Optional<LocalDate> earlierThan) {
    public static final Selection ALL = new Selection(List.of(), Optional.empty(), Optional.empty());

    public Selection {
        names = List.copyOf(names);
    }

    public boolean isAll() {
        return names.isEmpty() && laterThan.isEmpty() && earlierThan.isEmpty();
    }

    /** The strict {@code YYYYMMDD} form of dates; made on first use (building a formatter takes milliseconds). */
    static DateTimeFormatter yyyymmdd() {
        return Format.YYYYMMDD;
    }

    private static final class Format {
        static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    }

    /** Parses a {@code YYYYMMDD} option value; a malformed or impossible date is a usage error. */
    public static LocalDate parseDay(String option, String text) {
        try {
            return LocalDate.parse(text.trim(), yyyymmdd());
        } catch (java.time.format.DateTimeParseException e) {
            throw MorphException.usage(option + " '" + text + "' is not a date; write it YYYYMMDD, e.g. 20250529");
        }
    }

    /** The selected experiments' names, in name order; an unknown name is a usage error with close matches. */
    public Set<String> apply(List<Experiment> experiments) {
        // a loop, not a collector (slow to set up in a cold JVM); the same map, and the same error for a name twice
        Map<String, Experiment> byName = new HashMap<>();
        for (Experiment e : experiments) {
            Experiment first = byName.putIfAbsent(e.name(), e);
            if (first != null) {
                throw new IllegalStateException("Duplicate key " + e.name() + " (attempted merging values " + first + " and " + e + ")");
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (!byName.containsKey(n)) {
                unknown.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            String n = unknown.get(0);
            String more = unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : "";
            throw MorphException.usage("unknown experiment '" + n + "'" + Suggest.didYouMean(n, byName.keySet()) + more
                    + "; 'morph status' lists the experiments");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Experiment e : experiments) {
            if ((names.isEmpty() || names.contains(e.name())) && inDateRange(e)) {
                out.add(e.name());
            }
        }
        return out;
    }

    private boolean inDateRange(Experiment e) {
        if (laterThan.isEmpty() && earlierThan.isEmpty()) {
            return true;
        }
        if (e.date().isEmpty()) {
            return false;
        }
        LocalDate d = e.date().get();
        return laterThan.map(d::isAfter).orElse(true) && earlierThan.map(d::isBefore).orElse(true);
    }
}
