package dev.morph.plan;

import dev.morph.artifact.Artifact;
import dev.morph.discover.Experiment;
import dev.morph.pipeline.Step;
import java.util.List;
import java.util.Map;

/**
 * One execution of a step with every template bound: its inputs and outputs as artifacts, and the
 * params it uses with their values for this invocation. {@code experiment} is null for a global step.
 */
public record Job(JobId id, Step step, Experiment experiment, Map<String, String> params, List<BoundInput> inputs,
                  List<Artifact> outputs) {
    public Job {
        params = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
