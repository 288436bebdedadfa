package dev.morph.cli;

import dev.morph.discover.Selection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --experiments}, {@code --later-than}, {@code --earlier-than}: which experiments' jobs to consider. */
final class SelectionOptions {
    private final OptionSpec experiments;
    private final OptionSpec laterThan;
    private final OptionSpec earlierThan;

    /** Adds the options to {@code spec}. */
    SelectionOptions(CommandSpec spec) {
        experiments = Specs.list(spec, "EXP", "Only these experiments (comma-separated).", "-e", "--experiments");
        laterThan = Specs.option(spec, String.class, "YYYYMMDD", "Only experiments whose name starts with a later date.", "--later-than");
        earlierThan = Specs.option(spec, String.class, "YYYYMMDD", "Only experiments whose name starts with an earlier date.", "--earlier-than");
    }

    Selection selection() {
        List<String> names = new ArrayList<>();
        for (String name : Specs.strings(experiments)) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return new Selection(List.copyOf(names), day("--later-than", laterThan), day("--earlier-than", earlierThan));
    }

    private static Optional<LocalDate> day(String name, OptionSpec option) {
        String text = option.getValue();
        return text == null ? Optional.empty() : Optional.of(Selection.parseDay(name, text));
    }

    /** Whether any of the options was given. */
    boolean given() {
        return !Specs.strings(experiments).isEmpty() || laterThan.getValue() != null || earlierThan.getValue() != null;
    }
}
