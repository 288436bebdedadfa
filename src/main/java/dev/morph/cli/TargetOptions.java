package dev.morph.cli;

import dev.morph.app.Experiments;
import dev.morph.app.Invocation;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Targets, {@code --only}, {@code --force}, {@code --force-step}, {@code --param} and {@code --rerun-triggers}: what to plan. */
final class TargetOptions {
    private final PositionalParamSpec targets;
    private final OptionSpec only;
    private final OptionSpec force;
    private final OptionSpec forceSteps;
    private final OptionSpec params;
    private final OptionSpec triggers;

    /** Adds the parameters and options to {@code spec}. */
    TargetOptions(CommandSpec spec, MorphCommand root) {
        targets = Specs.add(spec, PositionalParamSpec.builder().type(List.class).auxiliaryTypes(String.class).arity("0..*").paramLabel("TARGET")
                .completionCandidates(root.stepNames())
                .description("e2e (default: every step), or step names and aliases; each brings its upstream steps."));
        only = Specs.flag(spec, "Just the named steps, not their upstream steps.", "--only");
        force = Specs.flag(spec, "Rerun every job of the target in the selection.", "--force");
        forceSteps = Specs.add(spec, OptionSpec.builder("--force-step").type(List.class).auxiliaryTypes(String.class).splitRegex(",")
                .paramLabel("STEP").completionCandidates(root.stepNames()).description("Rerun these steps' jobs (downstream follows)."));
        params = Specs.add(spec, OptionSpec.builder("--param").type(Map.class).auxiliaryTypes(String.class, String.class)
                .paramLabel("NAME=VALUE").description("Override a param, e.g. --param model=20250101_x."));
        triggers = Specs.list(spec, "TRIGGER",
                "Journal triggers that make jobs stale: mtime,command,params,experiments,incomplete (default: the pipeline's, else all).",
                "--rerun-triggers");
    }

    Invocation invocation(Experiments experiments) {
        List<String> chosen = triggers.getValue() == null ? null : Specs.strings(triggers);
        return Invocation.of(Specs.strings(targets), Specs.isSet(only), experiments, Specs.isSet(force), Specs.strings(forceSteps),
                Specs.pairs(params), chosen);
    }

    /** Whether what to plan was given: targets, force, params or --only (--rerun-triggers not counted). */
    boolean given() {
        return !Specs.strings(targets).isEmpty() || Specs.isSet(force) || !Specs.strings(forceSteps).isEmpty()
                || !Specs.pairs(params).isEmpty() || Specs.isSet(only);
    }
}
