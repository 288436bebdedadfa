package dev.morph.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node of the pipeline: what it reads, what it writes, how to run it. {@code when} limits a
 * per-experiment step to experiments whose attributes match (attribute → allowed values).
 * {@code workdir} is relative to {@code baseDir}, the directory of the file that declared it.
 * {@code alwaysLocal}: it runs as a local process even when the run uses a cluster ({@code executor: local}).
 */
public record Step(
        String name,
        List<String> aliases,
        Scope scope,
        List<Input> inputs,
        List<Output> outputs,
        Command command,
        Optional<Template> workdir,
        Path baseDir,
        Map<String, String> params,
        Resources resources,
        Optional<Duration> timeout,
        Map<String, Set<String>> when,
        Location where,
        Map<String, ClusterOptions> cluster,
        JobEnvironment environment,
        boolean alwaysLocal) {

    public Step {
        aliases = List.copyOf(aliases);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        when = Map.copyOf(when);
        cluster = Map.copyOf(cluster);
    }

    /** This step's options for a cluster scheduler, on top of the pipeline's. */
    public ClusterOptions clusterOptions(ExecutorConfig pipeline, String kind) {
        return pipeline.options(kind).with(cluster.getOrDefault(kind, ClusterOptions.NONE));
    }

    public boolean isGlobal() {
        return scope == Scope.GLOBAL;
    }

    public Optional<Output> output(String outputName) {
        return outputs.stream().filter(o -> o.name().equals(outputName)).findFirst();
    }

    /** Whether the step applies to an experiment with these attributes. */
    public boolean appliesTo(Map<String, String> attributes) {
        for (Map.Entry<String, Set<String>> w : when.entrySet()) {
            if (!w.getValue().contains(attributes.get(w.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Every template of the step (paths, command, workdir), for placeholder checks. */
    public List<Template> templates() {
        List<Template> all = new ArrayList<>(command.argv());
        workdir.ifPresent(all::add);
        outputs.forEach(o -> all.add(o.spec().path()));
        for (Input in : inputs) {
            if (in instanceof Input.Static s) {
                all.add(s.spec().path());
            }
        }
        return all;
    }

    public Step withOverrides(Command newCommand, Optional<Template> newWorkdir, Path newBaseDir, Map<String, String> newParams,
                       Resources newResources, Optional<Duration> newTimeout, Map<String, ClusterOptions> newCluster,
                       JobEnvironment newEnvironment, boolean newAlwaysLocal) {
        return new Step(name, aliases, scope, inputs, outputs, newCommand, newWorkdir, newBaseDir, newParams,
                newResources, newTimeout, when, where, newCluster, newEnvironment, newAlwaysLocal);
    }

    public Step withInputs(List<Input> resolved) {
        return new Step(name, aliases, scope, resolved, outputs, command, workdir, baseDir, params, resources, timeout, when,
                where, cluster, environment, alwaysLocal);
    }
}
