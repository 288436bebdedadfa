package dev.morph.plan;

import dev.morph.pipeline.RerunTrigger;
import java.util.Set;

/**
 * What to plan: target steps (their names; empty means every step, {@code e2e}), whether only those
 * steps ({@code --only}) or also everything upstream, which experiments' per-experiment jobs may be
 * planned, what is forced, and which journal triggers apply. {@code done}: jobs a resumed run already
 * completed, which force does not apply to again (they run only if stale again).
 */
public record PlanRequest(Set<String> targets, boolean only, Set<String> selected, boolean forceAll, Set<String> forceSteps,
                          Set<RerunTrigger> triggers, Set<JobId> done) {
    public PlanRequest {
        targets = Set.copyOf(targets);
        selected = Set.copyOf(selected);
        forceSteps = Set.copyOf(forceSteps);
        triggers = Set.copyOf(triggers);
        done = Set.copyOf(done);
    }

    /** This request with {@code completed} jobs not forced again. */
    public PlanRequest withDone(Set<JobId> completed) {
        return new PlanRequest(targets, only, selected, forceAll, forceSteps, triggers, completed);
    }

    public PlanRequest(Set<String> targets, boolean only, Set<String> selected, boolean forceAll, Set<String> forceSteps,
                       Set<RerunTrigger> triggers) {
        this(targets, only, selected, forceAll, forceSteps, triggers, Set.of());
    }
}
