package dev.morph.cluster;

import dev.morph.run.Locks;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The schedulers morph can use, by name, and the lock check that asks them whether a job still runs. */
public final class BatchSystems {
    private BatchSystems() {
    }

    public static Optional<BatchSystem> of(String kind) {
        return switch (kind == null ? "" : kind) {
            case "slurm" -> Optional.of(new Slurm());
            case "sge" -> Optional.of(new Sge());
            default -> Optional.empty();
        };
    }

    /**
     * A lock check for one invocation: a cluster job counts as running while its scheduler lists it in
     * an unfinished state. Answers are cached per run, so many locks cost one query per run. When the
     * scheduler cannot be asked, the job is assumed to still run: better a skipped job than a job run twice.
     */
    public static Locks.ClusterCheck liveness() {
        Map<String, Map<String, String>> byRun = new ConcurrentHashMap<>();
        return holder -> {
            Optional<BatchSystem> batch = of(holder.executor());
            if (batch.isEmpty()) {
                return false;
            }
            String run = holder.owner().runId();
            Map<String, String> states = byRun.computeIfAbsent(holder.executor() + "/" + run, k -> query(batch.get(), run));
            if (states == null) {
                return true;
            }
            String state = states.get(holder.executorId());
            return state != null && !batch.get().finished(state);
        };
    }

    private static Map<String, String> query(BatchSystem batch, String run) {
        try {
            return batch.states(List.of(ClusterRunner.jobName(run)), null);
        } catch (IOException e) {
            return null;
        }
    }
}
