package dev.morph.plan;

import dev.morph.pipeline.Input;
import java.util.List;

/**
 * A step's input made concrete for one job. A fan-in input (a global step reading a per-experiment
 * step) has one source per experiment and output; the planner decides which experiments it includes.
 */
public record BoundInput(Input declared, boolean fanIn, List<Source> sources) {
    public BoundInput {
        sources = List.copyOf(sources);
    }

    public String name() {
        return declared.name();
    }
}
