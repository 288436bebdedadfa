package dev.morph.exec;

import dev.morph.plan.JobId;
import dev.morph.run.RunState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Jobs launched held on upstream jobs still running on a cluster scheduler (a scheduler dependency:
 * the scheduler starts them as soon as it sees those end), for the {@link Executor}'s thread. A held
 * job counts as started only when the scheduler starts it; its end is decided only once its upstream
 * jobs have settled, so their output checks come first.
 */
final class Holds {
    /** A held job's end that came before its upstream jobs had settled. */
    record Parked(JobId job, JobRunner.Launched launched, JobRunner.Exit exit) {
    }

    private final Map<JobId, Set<JobId>> upstream = new LinkedHashMap<>();
    private final Map<JobId, Parked> parked = new HashMap<>();
    /** Held jobs to drop once their preparation or launch returns: with this outcome, or (empty) back to waiting. */
    private final Map<JobId, Optional<RunState.JobEntry.Outcome>> dropping = new HashMap<>();

    void hold(JobId job, List<JobId> on) {
        upstream.put(job, Set.copyOf(on));
    }

    boolean held(JobId job) {
        return upstream.containsKey(job);
    }

    Set<JobId> on(JobId job) {
        return upstream.getOrDefault(job, Set.of());
    }

    List<JobId> all() {
        return new ArrayList<>(upstream.keySet());
    }

    /** Held jobs that hold on {@code job}, directly or through other held jobs. */
    List<JobId> downstreamOf(JobId job) {
        List<JobId> out = new ArrayList<>();
        List<JobId> todo = new ArrayList<>(List.of(job));
        while (!todo.isEmpty()) {
            JobId j = todo.remove(todo.size() - 1);
            upstream.forEach((held, on) -> {
                if (on.contains(j) && !out.contains(held)) {
                    out.add(held);
                    todo.add(held);
                }
            });
        }
        return out;
    }

    void release(JobId job) {
        upstream.remove(job);
        parked.remove(job);
    }

    void park(JobId job, JobRunner.Launched launched, JobRunner.Exit exit) {
        parked.put(job, new Parked(job, launched, exit));
    }

    /** Parked ends whose upstream jobs have all settled now, taken out. */
    List<Parked> unpark(Predicate<JobId> settledUpstream) {
        List<Parked> out = parked.values().stream().filter(p -> settledUpstream.test(p.job())).toList();
        out.forEach(p -> parked.remove(p.job()));
        return out;
    }

    void dropLater(JobId job, Optional<RunState.JobEntry.Outcome> outcome) {
        dropping.put(job, outcome);
    }

    /** Whether the job was to be dropped while it was being prepared or launched (and how); forgets it. */
    Optional<Optional<RunState.JobEntry.Outcome>> takeDropping(JobId job) {
        return Optional.ofNullable(dropping.remove(job));
    }
}
