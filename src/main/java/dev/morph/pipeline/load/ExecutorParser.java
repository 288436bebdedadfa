package dev.morph.pipeline.load;

import dev.morph.pipeline.ClusterOptions;
import dev.morph.pipeline.ExecutorConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code executor:} sections: the pipeline's (with {@code default}) and a step's (scheduler options only). */
final class ExecutorParser {
    private static final List<String> SLURM_KEYS = List.of("partition", "account", "qos", "submit_args");
    private static final List<String> SGE_KEYS = List.of("queue", "account", "submit_args", "parallel_environment",
            "memory_resource", "gpu_resource");

    private ExecutorParser() {
    }

    static ExecutorConfig parse(YamlNode node, Tree tree, boolean pipelineLevel, String what) {
        if (node == null) {
            return ExecutorConfig.DEFAULT;
        }
        YamlNode.Mapping map = tree.mapping(node, what);
        if (map == null) {
            return ExecutorConfig.DEFAULT;
        }
        tree.onlyKeys(map, what, pipelineLevel ? List.of("default", "slurm", "sge") : List.of("slurm", "sge"));
        String def = ExecutorConfig.LOCAL;
        if (pipelineLevel && map.get("default") != null) {
            String d = tree.text(map.get("default"), what + " default");
            if (d != null && !ExecutorConfig.KINDS.contains(d)) {
                tree.problems().add(map.get("default").where(), what + " default '" + d + "' must be local, slurm or sge");
            } else if (d != null) {
                def = d;
            }
        }
        Map<String, ClusterOptions> clusters = new HashMap<>();
        if (map.get("slurm") != null) {
            clusters.put("slurm", options(map.get("slurm"), tree, what + " slurm", SLURM_KEYS));
        }
        if (map.get("sge") != null) {
            clusters.put("sge", options(map.get("sge"), tree, what + " sge", SGE_KEYS));
        }
        return new ExecutorConfig(def, clusters);
    }

    private static ClusterOptions options(YamlNode node, Tree tree, String what, List<String> keys) {
        YamlNode.Mapping map = tree.mapping(node, what);
        if (map == null) {
            return ClusterOptions.NONE;
        }
        tree.onlyKeys(map, what, keys);
        YamlNode queue = map.get("partition") != null ? map.get("partition") : map.get("queue");
        return new ClusterOptions(text(queue, tree, what), text(map.get("account"), tree, what),
                map.get("submit_args") == null ? List.of() : tree.texts(map.get("submit_args"), what + " submit_args"),
                text(map.get("parallel_environment"), tree, what), text(map.get("memory_resource"), tree, what),
                text(map.get("gpu_resource"), tree, what), text(map.get("qos"), tree, what));
    }

    private static Optional<String> text(YamlNode node, Tree tree, String what) {
        return node == null ? Optional.empty() : Optional.ofNullable(tree.text(node, what));
    }
}
