package dev.morph.exec;

import dev.morph.exec.JobAttempt.Phase;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@link Executor}'s jobs: one {@link JobAttempt} per job of the plan, and the active ones —
 * dispatched and not yet settled — in the order they were dispatched, which is the order they launch
 * in. Only the orchestrator's thread uses it.
 */
final class JobTable {
    private final Map<JobId, JobAttempt> all = new HashMap<>();
    private final Map<JobId, JobAttempt> active = new LinkedHashMap<>();

    JobTable(List<JobPlan> jobs) {
        jobs.forEach(jp -> all.put(jp.id(), new JobAttempt(jp)));
    }

    JobAttempt get(JobId id) {
        return all.get(id);
    }

    /** The job was dispatched (or dispatched again: it moves to the end of the launch order). */
    void activate(JobAttempt job) {
        active.remove(job.id());
        active.put(job.id(), job);
    }

    /** Nothing more happens to it until it is dispatched again, if ever. */
    void deactivate(JobAttempt job) {
        active.remove(job.id());
    }

    boolean idle() {
        return active.isEmpty();
    }

    /** Active jobs in these phases, in dispatch order. */
    Stream<JobAttempt> inPhase(Phase... phases) {
        List<Phase> wanted = List.of(phases);
        return active.values().stream().filter(j -> wanted.contains(j.phase()));
    }

    long count(Predicate<Phase> which) {
        return active.values().stream().filter(j -> which.test(j.phase())).count();
    }

    /** Jobs launched (or being launched) and not yet settled: a stop waits for them. */
    Set<JobId> inFlight() {
        return active.values().stream().filter(j -> j.phase().inFlight()).map(JobAttempt::id).collect(Collectors.toSet());
    }
}
