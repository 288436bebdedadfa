package dev.morph.cluster;

import dev.morph.plan.JobId;
import dev.morph.run.Locks;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
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

    /** A lock check for one invocation on the data root of {@code layout}; see {@link QueueSnapshot#liveness()}. */
    public static Locks.ClusterCheck liveness(StateLayout layout) {
        return new QueueSnapshot(layout).liveness();
    }

    /**
     * What the schedulers say of this user's jobs, asked once per scheduler and remembered for one
     * invocation, so many locks or status lines cost one query.
     */
    public static final class QueueSnapshot {
        private final StateLayout layout;
        private final Map<String, Optional<Map<String, String>>> byExecutor = new ConcurrentHashMap<>();

        /** {@code layout}: the data root whose runs' submission records name jobs their locks do not. */
        public QueueSnapshot(StateLayout layout) {
            this.layout = layout;
        }

        /** The scheduler's state of job {@code id}; empty when it no longer lists it or cannot be asked. */
        public Optional<String> state(String executor, String id) {
            return states(executor).flatMap(s -> Optional.ofNullable(s.get(id)));
        }

        /** Empty when the scheduler cannot be asked (or {@code executor} is not a scheduler). */
        private Optional<Map<String, String>> states(String executor) {
            Optional<BatchSystem> batch = of(executor);
            if (batch.isEmpty()) {
                return Optional.empty();
            }
            return byExecutor.computeIfAbsent(executor, k -> {
                try {
                    return Optional.of(batch.get().states());
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
        }

        /**
         * A lock check: a cluster job counts as running while its scheduler lists it in an unfinished
         * state. A lock its dead owner had no time to annotate is checked against the owner's submission
         * record. When the scheduler cannot be asked, or the submission's fate is not known yet, the job
         * is assumed to still run: better a skipped job than a job run twice.
         */
        public Locks.ClusterCheck liveness() {
            return holder -> {
                String executor = holder.executor();
                String id = holder.executorId();
                if (id == null) {
                    JobId job = JobId.parse(holder.job());
                    Optional<Submissions.Submission> s = Submissions.read(layout, holder.owner().runId(), job);
                    if (s.isEmpty() || s.get().noJob()) {
                        return false;
                    }
                    if (s.get().undecided()) {
                        // a run has not looked into it yet: it may be a job until its submitter can no longer run
                        return Files.exists(Submissions.startedFile(JobFiles.script(layout, holder.owner().runId(), job)))
                                || Instant.parse(s.get().intendedAt()).plus(Submissions.SUBMIT_LIMIT).isAfter(Instant.now());
                    }
                    executor = s.get().executor();
                    id = s.get().jobId();
                }
                Optional<BatchSystem> batch = of(executor);
                if (batch.isEmpty()) {
                    return false;
                }
                Optional<Map<String, String>> states = states(executor);
                if (states.isEmpty()) {
                    return true;
                }
                String state = states.get().get(id);
                return state != null && !batch.get().finished(state);
            };
        }
    }
}
