package dev.morph.plan;

import dev.morph.MorphException;
import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Decides, for every job a request covers, whether it is up to date, stale (with every reason), blocked
 * (with the missing paths) or not applicable — the rules of DESIGN.md, all applied in {@link #staleness}.
 * Jobs are decided in dependency order, so each job sees its upstream jobs' verdicts. Every job is bound
 * first and its artifacts announced to the probe, which may read them ahead in parallel. Pure: reads
 * artifacts through the probe and last executions through the {@link JobHistory}, writes nothing.
 */
public final class Planner {
    private final Pipeline pipeline;
    private final StepGraph steps;
    private final JobBinder binder;
    private final ArtifactProbe probe;
    private final JobHistory history;

    public Planner(Pipeline pipeline, JobBinder binder, ArtifactProbe probe, JobHistory history) {
        this.pipeline = pipeline;
        this.steps = StepGraph.of(pipeline);
        this.binder = binder;
        this.probe = probe;
        this.history = history;
    }

    public Plan plan(PlanRequest request) {
        Set<String> scope = scope(request);
        for (String forced : request.forceSteps()) {
            if (!scope.contains(forced)) {
                throw MorphException.usage("--force-step '" + forced + "' is not part of the target ("
                        + String.join(", ", scope) + "); add it as a target or drop it");
            }
        }
        List<Job> jobs = new ArrayList<>();
        for (Step step : steps.topologicalOrder()) {
            if (!scope.contains(step.name())) {
                continue;
            }
            if (step.isGlobal()) {
                jobs.add(binder.bind(step, null));
                continue;
            }
            binder.experiments().stream().filter(e -> request.selected().contains(e.name()))
                    .forEach(e -> jobs.add(binder.bind(step, e)));
        }
        probe.prefetch(artifacts(jobs));
        if (!request.triggers().isEmpty()) {
            history.readAhead(jobs.stream().map(Job::id).toList());
        }
        Map<JobId, JobPlan> decided = new HashMap<>();
        List<JobPlan> order = new ArrayList<>(jobs.size());
        Map<JobId, List<JobId>> upstream = new HashMap<>();
        for (Job job : jobs) {
            order.add(decide(job, request, decided, upstream));
        }
        return new Plan(order, upstream, request, outsideInputs(jobs));
    }

    /** The inputs outside the data root that applicable jobs read, in path order, each with the steps reading it. */
    private List<OutsideInput> outsideInputs(List<Job> jobs) {
        Map<Artifact, Set<String>> readers = new LinkedHashMap<>();
        for (Job job : jobs) {
            if (!applies(job)) {
                continue;
            }
            for (BoundInput in : job.inputs()) {
                for (Source source : in.sources()) {
                    if (source.artifact().outside()) {
                        readers.computeIfAbsent(source.artifact(), a -> new LinkedHashSet<>()).add(job.step().name());
                    }
                }
            }
        }
        return readers.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Artifact::path)))
                .map(e -> new OutsideInput(e.getKey(), probe.observe(e.getKey()), List.copyOf(e.getValue())))
                .toList();
    }

    /**
     * Every artifact the jobs may read or write, in the order deciding them will ask (repeats
     * included): what the probe may read ahead. Lazy, as a probe that does not read ahead never looks.
     * Not-applicable jobs read nothing.
     */
    private static Iterable<Artifact> artifacts(List<Job> jobs) {
        return () -> jobs.stream().filter(Planner::applies)
                .flatMap(job -> Stream.concat(job.outputs().stream(),
                        job.inputs().stream().flatMap(in -> in.sources().stream().map(Source::artifact))))
                .iterator();
    }

    private static boolean applies(Job job) {
        return job.experiment() == null || job.step().appliesTo(job.experiment().attributes());
    }

    private Set<String> scope(PlanRequest request) {
        if (request.targets().isEmpty()) {
            Set<String> all = new LinkedHashSet<>();
            pipeline.steps().forEach(s -> all.add(s.name()));
            return all;
        }
        return request.only() ? request.targets() : steps.withUpstream(request.targets());
    }

    private JobPlan decide(Job job, PlanRequest request, Map<JobId, JobPlan> decided, Map<JobId, List<JobId>> upstream) {
        if (!applies(job)) {
            JobPlan na = new JobPlan(job, JobState.NOT_APPLICABLE, List.of(), List.of(), List.of(), List.of(), null, null);
            decided.put(job.id(), na);
            return na;
        }
        Evidence ev = Evidence.gather(job, probe, decided);
        List<Reason> reasons = staleness(job, ev, request);
        List<String> missing = new ArrayList<>(ev.missingInputs);
        ev.blockedBy.values().forEach(b -> missing.addAll(b.missing()));
        JobState state;
        if (!ev.blockedBy.isEmpty()) {
            state = JobState.BLOCKED;
        } else if (reasons.isEmpty()) {
            state = JobState.UP_TO_DATE;
        } else {
            state = missing.isEmpty() ? JobState.STALE : JobState.BLOCKED;
        }
        List<String> distinctMissing = List.copyOf(new LinkedHashSet<>(missing));
        List<JobId> blockedBy = List.copyOf(ev.blockedBy.keySet());
        JobPlan plan;
        if (state == JobState.STALE && reasons.get(0) instanceof Reason.UpstreamWillRun first) {
            // it runs only because upstream jobs do: the chain's root is the first one's
            plan = new JobPlan(job, state, reasons, distinctMissing, blockedBy, ev.fanIns, first.rootJob(), first.rootCause());
        } else if (state == JobState.STALE) {
            plan = new JobPlan(job, state, reasons, distinctMissing, blockedBy, ev.fanIns, job.id(), reasons.get(0));
        } else {
            plan = new JobPlan(job, state, reasons, distinctMissing, blockedBy, ev.fanIns, null, null);
        }
        decided.put(job.id(), plan);
        if (!ev.upstream.isEmpty()) {
            upstream.put(job.id(), List.copyOf(ev.upstream));
        }
        return plan;
    }

    /**
     * Every reason that holds for {@code job}, in the order they are reported: the rules of DESIGN.md
     * top to bottom, the journal's under their rerun triggers. Like Ninja's
     * {@code DependencyScan::RecomputeDirty}, this is the one place that says why a job runs.
     */
    private List<Reason> staleness(Job job, Evidence ev, PlanRequest request) {
        List<Reason> reasons = new ArrayList<>();
        // MISSING_OUTPUT: a declared output does not exist
        reasons.addAll(ev.missingOutputs);
        // INPUT_NEWER: the newest input is later than the oldest output
        ev.inputNewer().ifPresent(reasons::add);
        // FORCED: --force or --force-step, except for a job a resumed run completed (only staleness reruns it)
        if (!request.done().contains(job.id())) {
            if (request.forceAll()) {
                reasons.add(new Reason.Forced("--force"));
            } else if (request.forceSteps().contains(job.step().name())) {
                reasons.add(new Reason.Forced("--force-step"));
            }
        }
        // the journal's rules: only with a record of the job's last execution
        Optional<LastExecution> found = history.last(job.id());
        Set<RerunTrigger> triggers = request.triggers();
        if (found.isEmpty()) {
            // JOURNAL_UNREADABLE: a record exists but cannot be read; mtimes alone would trust what it may have left half-done
            history.unreadable(job.id()).ifPresent(why -> reasons.add(new Reason.JournalUnreadable(why)));
        } else {
            LastExecution last = found.get();
            if (!last.succeeded()) {
                // INCOMPLETE: it started but did not succeed; what it recorded says nothing about the outputs
                if (triggers.contains(RerunTrigger.INCOMPLETE)) {
                    reasons.add(new Reason.Incomplete(last.status(), last.runId()));
                }
            } else {
                // COMMAND_CHANGED: the step's command template is not the one that built the outputs
                List<String> command = CommandRenderer.template(job.step());
                if (triggers.contains(RerunTrigger.COMMAND) && last.commandTemplate().isPresent()
                        && !last.commandTemplate().get().equals(command)) {
                    reasons.add(new Reason.CommandChanged(last.commandTemplate().get(), command));
                }
                // PARAMS_CHANGED: a param the job uses had another value then (untracked params tune how it runs only)
                if (triggers.contains(RerunTrigger.PARAMS) && last.params().isPresent()) {
                    Map<String, String> before = last.params().get();
                    job.params().forEach((name, now) -> {
                        if (!pipeline.untrackedParams().contains(name) && !Objects.equals(before.get(name), now)) {
                            reasons.add(new Reason.ParamsChanged(name, before.get(name), now));
                        }
                    });
                }
                // EXPERIMENT_SET_CHANGED: a fan-in job reads other experiments than it was built from
                Optional<Set<String>> experiments = ev.fanInExperiments();
                if (triggers.contains(RerunTrigger.EXPERIMENTS) && experiments.isPresent() && last.experiments().isPresent()) {
                    Set<String> added = new TreeSet<>(experiments.get());
                    added.removeAll(last.experiments().get());
                    Set<String> removed = new TreeSet<>(last.experiments().get());
                    removed.removeAll(experiments.get());
                    if (!added.isEmpty() || !removed.isEmpty()) {
                        reasons.add(new Reason.ExperimentSetChanged(List.copyOf(added), List.copyOf(removed)));
                    }
                }
                // INPUT_CHANGED_DURING_BUILD: an input changed while it ran (not newer than the outputs, so
                // INPUT_NEWER missed it, but newer than the newest input it saw when it started)
                if (triggers.contains(RerunTrigger.MTIME)) {
                    changedDuringBuild(job, ev, last).ifPresent(reasons::add);
                }
            }
        }
        // UPSTREAM_WILL_RUN: a job it reads from will run, named with the root cause of its chain
        ev.upstreamWillRun.values().forEach(up -> reasons.add(new Reason.UpstreamWillRun(up.id(), up.rootJob(), up.rootCause())));
        return reasons;
    }

    /**
     * The first input (in input and source order; of a fan-in input only the experiments it reads now)
     * whose mtime is later than the newest input {@code last} saw when it started but not later than
     * the oldest output.
     */
    private Optional<Reason> changedDuringBuild(Job job, Evidence ev, LastExecution last) {
        Set<String> included = ev.fanInExperiments().orElse(Set.of());
        for (BoundInput in : job.inputs()) {
            for (Source s : in.sources()) {
                if (in.fanIn() && !included.contains(s.experiment())) {
                    continue;
                }
                Observation o = probe.observe(s.artifact());
                if (o.exists() && o.mtime() > last.newestInputNs() && o.mtime() <= ev.oldestOutputTime()) {
                    return Optional.of(new Reason.InputChangedDuringBuild(o.newest(), o.mtime(), last.startedNs()));
                }
            }
        }
        return Optional.empty();
    }
}
