package dev.morph.cli;

import dev.morph.discover.Selection;
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
        List<String> names = Specs.strings(experiments).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Selection(names,
                Optional.ofNullable(laterThan.<String>getValue()).map(d -> Selection.parseDay("--later-than", d)),
                Optional.ofNullable(earlierThan.<String>getValue()).map(d -> Selection.parseDay("--earlier-than", d)));
    }

    /** Whether any of the options was given. */
    boolean given() {
        return !Specs.strings(experiments).isEmpty() || laterThan.getValue() != null || earlierThan.getValue() != null;
    }
}
