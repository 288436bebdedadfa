package dev.morph.cli;

import dev.morph.app.Experiments;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --experiments}, {@code --later-than}, {@code --earlier-than}: which experiments' jobs to consider. */
final class SelectionOptions {
    private final OptionSpec experiments;
    private final OptionSpec laterThan;
    private final OptionSpec earlierThan;

    /** Adds the options to {@code spec}. */
    SelectionOptions(CommandSpec spec, MorphCommand root) {
        experiments = Specs.add(spec, OptionSpec.builder("-e", "--experiments").type(List.class).auxiliaryTypes(String.class)
                .splitRegex(",").paramLabel("EXP").completionCandidates(root.experimentNames())
                .description("Only these experiments (comma-separated)."));
        laterThan = Specs.option(spec, String.class, "YYYYMMDD", "Only experiments whose name starts with a later date.", "--later-than");
        earlierThan = Specs.option(spec, String.class, "YYYYMMDD", "Only experiments whose name starts with an earlier date.", "--earlier-than");
    }

    Experiments experiments() {
        return new Experiments(Specs.strings(experiments), laterThan.getValue(), earlierThan.getValue());
    }

    /** Whether any of the options was given. */
    boolean given() {
        return experiments().given();
    }
}
