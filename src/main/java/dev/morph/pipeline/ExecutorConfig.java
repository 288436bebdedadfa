package dev.morph.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where jobs run by default ({@code local}, {@code slurm} or {@code sge}) and the options for each
 * cluster scheduler, as the pipeline's {@code executor:} section declares them.
 */
public record ExecutorConfig(String defaultExecutor, Map<String, ClusterOptions> clusters) {
    public static final String LOCAL = "local";
    public static final Set<String> KINDS = Set.of(LOCAL, "slurm", "sge");
    public static final ExecutorConfig DEFAULT = new ExecutorConfig(LOCAL, Map.of());

    public ExecutorConfig {
        clusters = Map.copyOf(clusters);
    }

    public ClusterOptions options(String kind) {
        return clusters.getOrDefault(kind, ClusterOptions.NONE);
    }

    /** These settings with {@code more}'s default and per-scheduler options on top. */
    public ExecutorConfig with(ExecutorConfig more, boolean moreSetsDefault) {
        Map<String, ClusterOptions> merged = new HashMap<>(clusters);
        more.clusters.forEach((k, v) -> merged.merge(k, v, ClusterOptions::with));
        return new ExecutorConfig(moreSetsDefault ? more.defaultExecutor : defaultExecutor, merged);
    }
}
