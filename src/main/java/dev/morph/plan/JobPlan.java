package dev.morph.plan;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The planner's decision on one job: its state, every reason that holds, and what blocks it.
 * {@code missing} lists the input paths that are absent and will not be produced (for a blocked job,
 * including those behind a blocked upstream job); for an up-to-date job they are only notes.
 * {@code rootJob}/{@code rootCause} name what started the chain that makes a stale job run.
 */
public record JobPlan(Job job, JobState state, List<Reason> reasons, List<String> missing, List<JobId> blockedBy,
                      List<FanIn> fanIns, JobId rootJob, Reason rootCause) {
    public JobPlan {
        reasons = List.copyOf(reasons);
        missing = List.copyOf(missing);
        blockedBy = List.copyOf(blockedBy);
        fanIns = List.copyOf(fanIns);
    }

    public JobId id() {
        return job.id();
    }

    public boolean willRun() {
        return state == JobState.STALE;
    }

    /** The experiments feeding this job's fan-in inputs, if it has any. */
    public Optional<List<String>> experimentSet() {
        if (fanIns.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> all = new TreeSet<>();
        fanIns.forEach(f -> all.addAll(f.included()));
        return Optional.of(List.copyOf(all));
    }

    /**
     * The sources this job reads, in input and source order: every source of a plain input, of a
     * fan-in input only those of the experiments in {@link #experimentSet()}.
     */
    public List<Source> sourcesRead() {
        List<String> included = experimentSet().orElse(null);
        return job.inputs().stream()
                .flatMap(in -> in.sources().stream().filter(s -> !in.fanIn() || included == null || included.contains(s.experiment())))
                .toList();
    }
}
