package dev.morph.discover;

import dev.morph.MorphException;
import dev.morph.Suggest;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * Parses a {@code YYYYMMDD} option value, the form experiment names start with (read by the same
     * rule, {@link ExperimentFinder#leadingDate}); a malformed or impossible date is a usage error.
     */
    public static LocalDate parseDay(String option, String text) {
        String day = text.trim();
        return ExperimentFinder.leadingDate(day).filter(d -> day.length() == 8).orElseThrow(() ->
                MorphException.usage(option + " '" + text + "' is not a date; write it YYYYMMDD, e.g. 20250529"));
    }

    /** The selected experiments' names, in name order; an unknown name is a usage error with close matches. */
    public Set<String> apply(List<Experiment> experiments) {
        return apply(experiments, List.of());
    }

    /**
     * As {@link #apply(List)}; a name found only in a folder discovery skipped is an error saying why it
     * is not an experiment.
     */
    public Set<String> apply(List<Experiment> experiments, List<ExperimentFinder.Skipped> skipped) {
        Set<String> known = experiments.stream().map(Experiment::name).collect(Collectors.toSet());
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            String n = unknown.get(0);
            for (ExperimentFinder.Skipped s : skipped) {
                if (s.names().contains(n)) {
                    throw MorphException.usage("'" + n + "' is not an experiment: it is under " + s.path() + ", which is skipped because "
                            + s.reason() + "; add the value to the pipeline's experiments values to include it");
                }
            }
            String more = unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : "";
            throw MorphException.usage("unknown experiment '" + n + "'" + Suggest.didYouMean(n, known) + more
                    + "; 'morph status' lists the experiments");
        }
        return experiments.stream().filter(e -> (names.isEmpty() || names.contains(e.name())) && inDateRange(e))
                .map(Experiment::name).collect(Collectors.toCollection(LinkedHashSet::new));
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
