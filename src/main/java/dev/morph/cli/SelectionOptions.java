package dev.morph.cli;

import dev.morph.discover.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --experiments}, {@code --later-than}, {@code --earlier-than}: which experiments' jobs to consider. */
public final class SelectionOptions {
    @Option(names = {"-e", "--experiments"}, split = ",", paramLabel = "EXP",
            description = "Only these experiments (comma-separated).")
    List<String> experiments = new ArrayList<>();

    @Option(names = "--later-than", paramLabel = "YYYYMMDD", description = "Only experiments whose name starts with a later date.")
    String laterThan;

    @Option(names = "--earlier-than", paramLabel = "YYYYMMDD", description = "Only experiments whose name starts with an earlier date.")
    String earlierThan;

    Selection selection() {
        List<String> names = experiments.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Selection(names,
                Optional.ofNullable(laterThan).map(d -> Selection.parseDay("--later-than", d)),
                Optional.ofNullable(earlierThan).map(d -> Selection.parseDay("--earlier-than", d)));
    }
}
