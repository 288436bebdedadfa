package dev.morph.store;

import java.nio.file.Path;

/**
 * Where morph keeps its state under the data root, so the data and what morph knows about it travel
 * together (a shared NFS root is shared state):
 * <pre>
 * .morph/journal/exp/STEP/EXP.json   last execution of a per-experiment job
 * .morph/journal/global/STEP.json    last execution of a global job
 * .morph/locks/exp/STEP/EXP.lock     held while a job runs (and global/STEP.lock)
 * .morph/runs/RUN_ID/state.json      a run's record; logs/STEP/EXP.log (logs/STEP.log for global jobs)
 * .morph/clock/                      scratch files whose mtimes tell the file system's time
 * </pre>
 */
public record StateLayout(Path root) {
    public static final String DIR = ".morph";

    public Path base() {
        return root.resolve(DIR);
    }

    public Path journal(String step, String experiment) {
        return experiment == null
                ? base().resolve("journal").resolve("global").resolve(step + ".json")
                : base().resolve("journal").resolve("exp").resolve(step).resolve(experiment + ".json");
    }

    public Path lock(String step, String experiment) {
        return experiment == null
                ? base().resolve("locks").resolve("global").resolve(step + ".lock")
                : base().resolve("locks").resolve("exp").resolve(step).resolve(experiment + ".lock");
    }

    public Path runs() {
        return base().resolve("runs");
    }

    public Path run(String runId) {
        return runs().resolve(runId);
    }

    public Path runState(String runId) {
        return run(runId).resolve("state.json");
    }

    public Path log(String runId, String step, String experiment) {
        Path logs = run(runId).resolve("logs");
        return experiment == null ? logs.resolve(step + ".log") : logs.resolve(step).resolve(experiment + ".log");
    }

    public Path clock() {
        return base().resolve("clock");
    }
}
