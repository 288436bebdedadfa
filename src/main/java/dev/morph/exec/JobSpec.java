package dev.morph.exec;

import dev.morph.pipeline.Resources;
import dev.morph.plan.JobId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a runner needs to start one attempt of a job: argv (no shell unless the pipeline asked
 * for one), working directory, extra environment, log file, time limit (null: none) and the resources
 * granted to it.
 */
public record JobSpec(JobId id, String runId, int attempt, List<String> argv, Path workdir, Map<String, String> env, Path log,
                      Duration timeout, Resources resources) {
    public JobSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
