package dev.morph.plan;

import dev.morph.artifact.Artifact;
import dev.morph.discover.Experiment;
import dev.morph.pipeline.Step;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One execution of a step with every template bound: its inputs and outputs as artifacts, and the
 * params it uses with their values for this invocation. {@code experiment} is null for a global step.
 */
public record Job(JobId id, Step step, Experiment experiment, Map<String, String> params, List<BoundInput> inputs,
                  List<Artifact> outputs) {
    private static final Class<?> FROZEN = frozen(Map.of()).getClass();

    public Job {
        // every job of a step shares one frozen map (see frozen); anything else is copied
        params = FROZEN.isInstance(params) ? params : frozen(params);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A read-only copy of {@code params} sorted by name, which jobs may share without copying again. */
    static Map<String, String> frozen(Map<String, String> params) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }
}
