package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.discover.Selection;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.project.Invocation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Targets, {@code --only}, {@code --force}, {@code --force-step}, {@code --param} and {@code --rerun-triggers}: what to plan. */
public final class TargetOptions {
    @Parameters(paramLabel = "TARGET", arity = "0..*",
            description = "e2e (default: every step), or step names and aliases; each brings its upstream steps.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--only", description = "Just the named steps, not their upstream steps.")
    boolean only;

    @Option(names = "--force", description = "Rerun every job of the target in the selection.")
    boolean force;

    @Option(names = "--force-step", split = ",", paramLabel = "STEP", description = "Rerun these steps' jobs (downstream follows).")
    List<String> forceSteps = new ArrayList<>();

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a param, e.g. --param model=20250101_x.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--rerun-triggers", split = ",", paramLabel = "TRIGGER",
            description = "Journal triggers that make jobs stale: mtime,command,params,experiments,incomplete (default: the pipeline's, else all).")
    List<String> triggers;

    Invocation invocation(Selection selection) {
        Set<RerunTrigger> chosen = null;
        if (triggers != null) {
            chosen = EnumSet.noneOf(RerunTrigger.class);
            for (String t : triggers) {
                try {
                    chosen.add(RerunTrigger.parse(t));
                } catch (IllegalArgumentException e) {
                    throw MorphException.usage("--rerun-triggers: " + e.getMessage());
                }
            }
        }
        List<String> names = targets.isEmpty() ? List.of("e2e") : targets;
        return new Invocation(names, only, selection, force, forceSteps, params, chosen);
    }
}
