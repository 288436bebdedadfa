package dev.morph.plan;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one job's artifacts and its upstream jobs' verdicts show, gathered before the planner judges it:
 * which outputs are missing, the oldest output and the newest input, inputs that are missing and that
 * nothing in the plan makes, the upstream jobs that will run or are blocked, and which experiments each
 * fan-in input reads. Jobs are gathered in dependency order, so every upstream verdict is known.
 */
final class Evidence {
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

    private Evidence(ArtifactProbe probe) {
        this.probe = probe;
    }

    /** Observes {@code job}'s outputs and inputs; {@code decided} holds the verdicts on the jobs before it. */
    static Evidence gather(Job job, ArtifactProbe probe, Map<JobId, JobPlan> decided) {
        Evidence ev = new Evidence(probe);
        job.outputs().forEach(ev::output);
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
        return ev;
    }

    private void output(Artifact out) {
        Observation o = probe.observe(out);
        if (!o.exists()) {
            missingOutputs.add(new Reason.MissingOutput(out.display()));
        } else if (o.mtime() < oldestOutputTime) {
            oldestOutputTime = o.mtime();
            oldestOutput = out.display();
        }
    }

    /** A non-fan-in input, with the verdict on its producer if that job is in the plan. */
    private void input(Artifact artifact, JobPlan producer) {
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

    /** An input that exists: a candidate for the newest input. */
    void seen(Observation o) {
        if (o.mtime() > newestInputTime) {
            newestInputTime = o.mtime();
            newestInput = o.newest();
        }
    }

    /** The newest input when it is later than the oldest output. */
    Optional<Reason> inputNewer() {
        if (oldestOutput != null && newestInput != null && newestInputTime > oldestOutputTime) {
            return Optional.of(new Reason.InputNewer(newestInput, newestInputTime, oldestOutput, oldestOutputTime));
        }
        return Optional.empty();
    }

    /** The mtime of the oldest output that exists; {@link Long#MAX_VALUE} when none does. */
    long oldestOutputTime() {
        return oldestOutputTime;
    }

    /** The experiments its fan-in inputs read now, by name; empty when it has no fan-in input. */
    Optional<Set<String>> fanInExperiments() {
        if (fanIns.isEmpty()) {
            return Optional.empty();
        }
        Set<String> all = new TreeSet<>();
        fanIns.forEach(f -> all.addAll(f.included()));
        return Optional.of(Collections.unmodifiableSet(all));
    }
}
