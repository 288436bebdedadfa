package dev.morph.plan;

import dev.morph.MorphException;
import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import dev.morph.discover.Experiment;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for every job a request covers, whether it is up to date, stale (with every reason), blocked
 * (with the missing paths) or not applicable — the rules of DESIGN.md. Jobs are decided in dependency
 * order, so each job sees its upstream jobs' verdicts. Every job is bound first and its artifacts announced to
 * the probe, which may read them ahead in parallel. Pure: reads artifacts through the probe, writes nothing.
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
            for (Experiment e : binder.experiments()) {
                if (request.selected().contains(e.name())) {
                    jobs.add(binder.bind(step, e));
                }
            }
        }
        probe.prefetch(artifacts(jobs));
        if (!request.triggers().isEmpty()) {
            List<JobId> ids = new ArrayList<>(jobs.size());
            for (Job job : jobs) {
                ids.add(job.id());
            }
            history.readAhead(ids);
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
        // listed by loops when first iterated, in a class rather than a lambda: a stream pipeline's set-up,
        // or linking a lambda, costs a short command (status on a small root) more than the listing
        return new Iterable<Artifact>() {
            @Override
            public Iterator<Artifact> iterator() {
                List<Artifact> out = new ArrayList<>();
                for (Job job : jobs) {
                    if (applies(job)) {
                        out.addAll(job.outputs());
                        for (BoundInput in : job.inputs()) {
                            for (Source source : in.sources()) {
                                out.add(source.artifact());
                            }
                        }
                    }
                }
                return out.iterator();
            }
        };
    }

    private static boolean applies(Job job) {
        return job.experiment() == null || job.step().appliesTo(job.experiment().attributes());
    }

    private Set<String> scope(PlanRequest request) {
        if (request.targets().isEmpty()) {
            Set<String> all = new LinkedHashSet<>();
            for (Step s : pipeline.steps()) {
                all.add(s.name());
            }
            return all;
        }
        return request.only() ? request.targets() : steps.withUpstream(request.targets());
    }

    private JobPlan decide(Job job, PlanRequest request, Map<JobId, JobPlan> decided, Map<JobId, List<JobId>> upstream) {
        Step step = job.step();
        if (!applies(job)) {
            JobPlan na = new JobPlan(job, JobState.NOT_APPLICABLE, List.of(), List.of(), List.of(), List.of(), null, null);
            decided.put(job.id(), na);
            return na;
        }
        Evidence ev = new Evidence(probe);
        for (Artifact out : job.outputs()) {
            ev.output(out);
        }
        for (BoundInput in : job.inputs()) {
            if (in.fanIn()) {
                ev.fanIns.add(new FanInCollector(probe, decided).collect(in, ev));
                continue;
            }
            for (Source s : in.sources()) {
                JobPlan producer = s.producer() == null ? null : decided.get(s.producer());
                if (producer != null) {
                    ev.upstream.add(producer.id());
                }
                ev.input(s.artifact(), producer);
            }
        }
        List<Reason> reasons = new ArrayList<>(ev.ownReasons());
        if (request.done().contains(job.id())) {
            // a resumed run completed it already: only staleness, not force, makes it run again
        } else if (request.forceAll()) {
            reasons.add(new Reason.Forced("--force"));
        } else if (request.forceSteps().contains(step.name())) {
            reasons.add(new Reason.Forced("--force-step"));
        }
        reasons.addAll(history.reasons(job, ev.fanInExperiments(), request.triggers(), probe));
        JobId rootJob = reasons.isEmpty() ? null : job.id();
        Reason rootCause = reasons.isEmpty() ? null : reasons.get(0);
        for (JobPlan up : ev.upstreamWillRun.values()) {
            reasons.add(new Reason.UpstreamWillRun(up.id(), up.rootJob(), up.rootCause()));
            if (rootJob == null) {
                rootJob = up.rootJob();
                rootCause = up.rootCause();
            }
        }
        JobState state;
        List<String> missing = new ArrayList<>(ev.missingInputs);
        if (!ev.blockedBy.isEmpty()) {
            state = JobState.BLOCKED;
            for (JobPlan b : ev.blockedBy.values()) {
                missing.addAll(b.missing());
            }
        } else if (!reasons.isEmpty()) {
            state = missing.isEmpty() ? JobState.STALE : JobState.BLOCKED;
        } else {
            state = JobState.UP_TO_DATE;
        }
        List<String> distinctMissing = List.copyOf(new LinkedHashSet<>(missing));
        List<JobId> blockedBy = List.copyOf(ev.blockedBy.keySet());
        JobPlan plan = state == JobState.STALE
                ? new JobPlan(job, state, reasons, distinctMissing, blockedBy, ev.fanIns, rootJob, rootCause)
                : new JobPlan(job, state, reasons, distinctMissing, blockedBy, ev.fanIns, null, null);
        decided.put(job.id(), plan);
        if (!ev.upstream.isEmpty()) {
            upstream.put(job.id(), List.copyOf(ev.upstream));
        }
        return plan;
    }

    /** What one job's artifacts and upstream verdicts show, gathered before the verdict. */
    static final class Evidence {
        private final ArtifactProbe probe;
        final List<Reason> missingOutputs = new ArrayList<>();
        final List<String> missingInputs = new ArrayList<>();
        // keyed by ID, in the order met: hashing a JobPlan record would hash its whole job
        final Map<JobId, JobPlan> upstreamWillRun = new LinkedHashMap<>();
        final Map<JobId, JobPlan> blockedBy = new LinkedHashMap<>();
        final List<FanIn> fanIns = new ArrayList<>();
        /** The planned jobs it reads from, in the order met: its edges in the job graph. */
        final Set<JobId> upstream = new LinkedHashSet<>();
        private String oldestOutput;
        private long oldestOutputTime = Long.MAX_VALUE;
        private String newestInput;
        private long newestInputTime = Long.MIN_VALUE;

        Evidence(ArtifactProbe probe) {
            this.probe = probe;
        }

        void output(Artifact out) {
            Observation o = probe.observe(out);
            if (!o.exists()) {
                missingOutputs.add(new Reason.MissingOutput(out.display()));
            } else if (o.mtime() < oldestOutputTime) {
                oldestOutputTime = o.mtime();
                oldestOutput = out.display();
            }
        }

        /** A non-fan-in input, with the verdict on its producer if that job is in the plan. */
        void input(Artifact artifact, JobPlan producer) {
            if (producer != null && producer.state() == JobState.BLOCKED) {
                blockedBy.putIfAbsent(producer.id(), producer);
                return;
            }
            if (producer != null && producer.willRun()) {
                upstreamWillRun.putIfAbsent(producer.id(), producer);
            }
            Observation o = probe.observe(artifact);
            if (o.exists()) {
                seen(o);
            } else if (producer == null || !producer.willRun()) {
                missingInputs.add(artifact.display());
            }
        }

        void seen(Observation o) {
            if (o.mtime() > newestInputTime) {
                newestInputTime = o.mtime();
                newestInput = o.newest();
            }
        }

        List<Reason> ownReasons() {
            List<Reason> out = new ArrayList<>(missingOutputs);
            if (oldestOutput != null && newestInput != null && newestInputTime > oldestOutputTime) {
                out.add(new Reason.InputNewer(newestInput, newestInputTime, oldestOutput, oldestOutputTime));
            }
            return out;
        }

        List<String> fanInExperiments() {
            if (fanIns.isEmpty()) {
                return null;
            }
            Set<String> all = new java.util.TreeSet<>();
            for (FanIn f : fanIns) {
                all.addAll(f.included());
            }
            return List.copyOf(all);
        }
    }
}
