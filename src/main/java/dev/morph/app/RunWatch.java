package dev.morph.app;

import dev.morph.discover.Workspace;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Journal;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a live view of a run needs besides the run's record: how it was started (the banner), each job's
 * upstream jobs and resource needs (to say why jobs wait), and each step's typical duration from the
 * journal's past executions (for an ETA that does not climb while jobs run).
 *
 * @param state     the run's record as it is now
 * @param jobsLimit {@code -j} (for a cluster run, the jobs queued at once)
 * @param totals    the resource totals jobs share (empty on a cluster, where the scheduler places jobs)
 * @param steps     jobs to run per step, in dependency order
 * @param blocked   jobs of the request blocked by missing inputs
 * @param needs     per job ID: its step's resource requests
 * @param upstream  per job ID: the jobs of this run it waits for
 * @param typical   per step: the median duration of its jobs' last successful executions (absent: never ran)
 */
public record RunWatch(Supplier<RunState> state, String runId, String executor, int jobsLimit, Map<String, Long> totals,
                       Map<String, Integer> steps, int blocked, Map<String, Map<String, Long>> needs,
                       Map<String, List<String>> upstream, Map<String, Duration> typical) {

    /** A watch without plan details, for callers that only have the record. */
    public static RunWatch of(Supplier<RunState> state) {
        RunState s = state.get();
        Map<String, Integer> steps = new LinkedHashMap<>();
        s.jobs().forEach(j -> steps.merge(j.step(), 1, Integer::sum));
        return new RunWatch(state, s.runId(), String.valueOf(s.origin().executor()), 0, Map.of(), steps, 0, Map.of(), Map.of(), Map.of());
    }

    static RunWatch of(Supplier<RunState> state, Workspace ws, Plan plan, Journal journal, String runId, String executor,
                       int jobsLimit, Resources totals) {
        Map<String, Integer> steps = new LinkedHashMap<>();
        StepGraph.of(ws.pipeline()).topologicalOrder().forEach(s -> steps.put(s.name(), 0));
        Map<String, Map<String, Long>> needs = new HashMap<>();
        Map<String, List<String>> upstream = new HashMap<>();
        for (JobPlan j : plan.toRun()) {
            steps.merge(j.id().step(), 1, Integer::sum);
            needs.put(j.id().toString(), j.job().step().resources().amounts());
            upstream.put(j.id().toString(), plan.upstreamOf(j.id()).stream().map(JobId::toString).toList());
        }
        steps.values().removeIf(n -> n == 0);
        return new RunWatch(state, runId, executor, jobsLimit, totals.amounts(), steps, (int) plan.count(JobState.BLOCKED),
                needs, upstream, typical(plan, journal));
    }

    /** Each step's median duration over its jobs' last successful executions. */
    private static Map<String, Duration> typical(Plan plan, Journal journal) {
        Map<String, List<Long>> byStep = new HashMap<>();
        for (JobPlan j : plan.jobs()) {
            Optional<JobRecord> r = journal.read(j.id());
            if (r.isPresent() && r.get().succeeded() && r.get().outcome().endedNs() != null) {
                long ns = r.get().outcome().endedNs() - r.get().attempt().startedNs();
                if (ns >= 0) {
                    byStep.computeIfAbsent(j.id().step(), k -> new ArrayList<>()).add(ns);
                }
            }
        }
        Map<String, Duration> out = new HashMap<>();
        byStep.forEach((step, ns) -> {
            ns.sort(null);
            out.put(step, Duration.ofNanos(ns.get(ns.size() / 2)));
        });
        return out;
    }

    /** The time a run has left; {@code guessed} when a step with work left had no duration of its own to go by. */
    public record Eta(Duration left, boolean guessed) {
    }

    /**
     * The time left: the work still to do (each job not started at its step's typical duration, each
     * running job the rest of it, at least a second), spread over the slots, and never less than the
     * longest single job left. A step with work left and no duration to go by (no past execution, none
     * finished in this run) counts at the median of the other steps' ({@code guessed}); empty when no
     * step has one.
     */
    public Optional<Eta> eta(RunState s, Instant now) {
        Map<String, Duration> known = new HashMap<>(typical);
        Map<String, List<Long>> seen = new HashMap<>();
        for (RunState.JobEntry j : s.jobs()) {
            if (j.status() == JobStatus.SUCCEEDED && j.span().startedAt() != null && j.span().endedAt() != null) {
                seen.computeIfAbsent(j.step(), k -> new ArrayList<>())
                        .add(Duration.between(Instant.parse(j.span().startedAt()), Instant.parse(j.span().endedAt())).toMillis());
            }
        }
        seen.forEach((step, ms) -> known.putIfAbsent(step, Duration.ofMillis(ms.stream().mapToLong(Long::longValue).sum() / ms.size())));
        if (known.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> all = new ArrayList<>(known.values());
        all.sort(null);
        Duration fallback = all.get(all.size() / 2);
        boolean guessed = false;
        long workMs = 0;
        long longestMs = 0;
        for (RunState.JobEntry j : s.jobs()) {
            boolean waiting = j.status() == JobStatus.PENDING;
            boolean running = j.status() == JobStatus.RUNNING;
            if (!waiting && !running) {
                continue;
            }
            Duration d = known.get(j.step());
            if (d == null) {
                d = fallback;
                guessed = true;
            }
            long left = d.toMillis();
            if (running && j.span().startedAt() != null) {
                left = Math.max(1000, left - Duration.between(Instant.parse(j.span().startedAt()), now).toMillis());
            }
            workMs += left;
            longestMs = Math.max(longestMs, left);
        }
        int slots = Math.max(1, (int) Math.min(jobsLimit, totals.getOrDefault(Resources.CPUS, (long) jobsLimit)));
        return Optional.of(new Eta(Duration.ofMillis(Math.max(longestMs, workMs / slots)), guessed));
    }
}
