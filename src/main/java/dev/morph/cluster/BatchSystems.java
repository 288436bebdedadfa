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

    /** A lock check for one invocation; see {@link QueueSnapshot#liveness()}. */
    public static Locks.ClusterCheck liveness() {
        return new QueueSnapshot().liveness();
    }

    /**
     * What the schedulers say of runs' jobs, asked once per run and remembered for one invocation, so
     * many locks or status lines cost one query per run.
     */
    public static final class QueueSnapshot {
        private final Map<String, Optional<Map<String, String>>> byRun = new ConcurrentHashMap<>();

        /** The scheduler's state of job {@code id} of run {@code runId}; empty when it no longer lists it or cannot be asked. */
        public Optional<String> state(String executor, String runId, String id) {
            return states(executor, runId).flatMap(s -> Optional.ofNullable(s.get(id)));
        }

        /** Empty when the scheduler cannot be asked (or {@code executor} is not a scheduler). */
        private Optional<Map<String, String>> states(String executor, String runId) {
            Optional<BatchSystem> batch = of(executor);
            if (batch.isEmpty()) {
                return Optional.empty();
            }
            return byRun.computeIfAbsent(executor + "/" + runId, k -> {
                try {
                    return Optional.of(batch.get().states(List.of(ClusterRunner.jobName(runId)), null));
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
        }

        /**
         * A lock check: a cluster job counts as running while its scheduler lists it in an unfinished
         * state. When the scheduler cannot be asked, the job is assumed to still run: better a skipped
         * job than a job run twice.
         */
        public Locks.ClusterCheck liveness() {
            return holder -> {
                Optional<BatchSystem> batch = of(holder.executor());
                if (batch.isEmpty()) {
                    return false;
                }
                Optional<Map<String, String>> states = states(holder.executor(), holder.owner().runId());
                if (states.isEmpty()) {
                    return true;
                }
                String state = states.get().get(holder.executorId());
                return state != null && !batch.get().finished(state);
            };
        }
    }
}
