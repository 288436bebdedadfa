package dev.morph.plan;

import dev.morph.pipeline.RerunTrigger;
import java.util.Set;

/**
 * What to plan: target steps (their names; empty means every step, {@code e2e}), whether only those
 * steps ({@code --only}) or also everything upstream, which experiments' per-experiment jobs may be
 * planned, what is forced, and which journal triggers apply.
 */
public record PlanRequest(Set<String> targets, boolean only, Set<String> selected, boolean forceAll, Set<String> forceSteps,
                          Set<RerunTrigger> triggers) {
    public PlanRequest {
        targets = Set.copyOf(targets);
        selected = Set.copyOf(selected);
        forceSteps = Set.copyOf(forceSteps);
        triggers = Set.copyOf(triggers);
    }

    /** Everything, every experiment, nothing forced: what {@code status} asks. */
    public static PlanRequest everything(Set<String> selected) {
        return new PlanRequest(Set.of(), false, selected, false, Set.of(), RerunTrigger.ALL);
    }
}
