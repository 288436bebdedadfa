package dev.morph.app;

import dev.morph.MorphException;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.discover.Selection;
import dev.morph.discover.Workspace;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobBinder;
import dev.morph.plan.JobHistory;
import dev.morph.plan.Plan;
import dev.morph.plan.PlanRequest;
import dev.morph.plan.Planner;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the user asked for, as given on the command line: targets, selection, force, params and rerun
 * triggers (null: the pipeline's). {@code plan}, {@code status} and {@code run} share it, and a run
 * records it so that {@code --resume} can repeat it.
 */
public record Invocation(List<String> targets, boolean only, Selection selection, boolean force, List<String> forceSteps,
                         Map<String, String> params, Set<RerunTrigger> triggers) {
    public Invocation {
        targets = List.copyOf(targets);
        forceSteps = List.copyOf(forceSteps);
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        triggers = triggers == null ? null : Set.copyOf(triggers);
    }

    /** Every step for the selected experiments, nothing forced: what {@code status} shows. */
    public static Invocation status(Experiments experiments) {
        return status(List.of(), experiments);
    }

    /** The target steps (none: every step) and what they need, for the selected experiments, nothing forced. */
    public static Invocation status(List<String> targets, Experiments experiments) {
        return new Invocation(targets, false, experiments.selection(), false, List.of(), Map.of(), null);
    }

    /**
     * What to plan, as typed: target names (none: {@code e2e}), {@code --only}, the experiments, {@code --force},
     * {@code --force-step}, {@code --param}s and {@code --rerun-triggers} words (null: the pipeline's).
     */
    public static Invocation of(List<String> targets, boolean only, Experiments experiments, boolean force, List<String> forceSteps,
                                Map<String, String> params, List<String> triggers) {
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
        return new Invocation(targets.isEmpty() ? List.of(Pipeline.E2E) : targets, only, experiments.selection(), force, forceSteps,
                params, chosen);
    }

    /** Whether the work was named: a target other than e2e, or a narrower selection of experiments. */
    public boolean named() {
        return !selection.isAll() || !(targets.isEmpty() || targets.equals(List.of(Pipeline.E2E)));
    }

    public PlanRequest request(Workspace ws) {
        Set<String> targetSteps = ws.targets(targets);
        if (only && targetSteps.isEmpty()) {
            throw MorphException.usage("--only needs the steps to run, e.g. 'morph plan build03 --only'");
        }
        Set<String> forced = ws.targets(forceSteps);
        if (!forceSteps.isEmpty() && forced.isEmpty()) {
            // "--force-step e2e" resolves like a target to "every step"
            forced = ws.targets(ws.pipeline().steps().stream().map(Step::name).toList());
        }
        return new PlanRequest(targetSteps, only, selection.apply(ws.experiments(), ws.skipped()), force, forced,
                triggers == null ? ws.pipeline().rerunTriggers() : triggers);
    }

    /** Plans on the workspace's data root, probing each artifact at most once. */
    public Plan plan(Workspace ws, JobHistory history) {
        PlanRequest request = request(ws);
        try (ArtifactProbe probe = ws.probe()) {
            return planner(ws, probe, history).plan(request);
        }
    }

    public Planner planner(Workspace ws, ArtifactProbe probe, JobHistory history) {
        return new Planner(ws.pipeline(), binder(ws), probe, history);
    }

    public JobBinder binder(Workspace ws) {
        return new JobBinder(ws.pipeline(), ws.experiments(), params);
    }
}
