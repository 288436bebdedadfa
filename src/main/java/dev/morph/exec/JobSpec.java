package dev.morph.exec;

import dev.morph.pipeline.ClusterOptions;
import dev.morph.pipeline.Resources;
import dev.morph.plan.JobId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Everything a runner needs to start one attempt of a job: argv (no shell unless the pipeline asked
 * for one), working directory, extra environment, log file, time limit (null: none), the resources
 * granted to it, the step's cluster options (for cluster runners) and a check whether its outputs exist
 * (cluster runners wait for them to become visible on a shared file system).
 */
public record JobSpec(JobId id, String runId, int attempt, List<String> argv, Path workdir, Map<String, String> env, Path log,
                      Duration timeout, Resources resources, ClusterOptions cluster, BooleanSupplier outputsReady) {
    public JobSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
