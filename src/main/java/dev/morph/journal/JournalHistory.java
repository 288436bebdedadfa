package dev.morph.journal;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.plan.BoundInput;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.Job;
import dev.morph.plan.JobHistory;
import dev.morph.plan.JobId;
import dev.morph.plan.Reason;
import dev.morph.plan.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The journal-based staleness reasons of DESIGN.md, each under its rerun trigger. */
public final class JournalHistory implements JobHistory {
    private final Journal journal;

    public JournalHistory(Journal journal) {
        this.journal = journal;
    }

    /** Parsing records is CPU work: spread it over the cores (at most 4) while the planner walks the tree. */
    @Override
    public void readAhead(List<JobId> jobs) {
        journal.readAhead(jobs, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public List<Reason> reasons(Job job, List<String> experimentSet, Set<RerunTrigger> triggers, ArtifactProbe probe) {
        Optional<JobRecord> found = journal.read(job.id());
        if (found.isEmpty()) {
            return List.of();
        }
        JobRecord rec = found.get();
        List<Reason> out = new ArrayList<>();
        if (!rec.succeeded()) {
            if (triggers.contains(RerunTrigger.INCOMPLETE)) {
                out.add(new Reason.Incomplete(rec.status().toString(), rec.attempt().runId()));
            }
            return out;
        }
        if (triggers.contains(RerunTrigger.COMMAND)) {
            List<String> now = CommandRenderer.template(job.step());
            if (rec.command().template() != null && !rec.command().template().equals(now)) {
                out.add(new Reason.CommandChanged(rec.command().template(), now));
            }
        }
        if (triggers.contains(RerunTrigger.PARAMS) && rec.command().params() != null) {
            for (Map.Entry<String, String> p : job.params().entrySet()) {
                String before = rec.command().params().get(p.getKey());
                if (!Objects.equals(before, p.getValue())) {
                    out.add(new Reason.ParamsChanged(p.getKey(), before, p.getValue()));
                }
            }
        }
        if (triggers.contains(RerunTrigger.EXPERIMENTS) && experimentSet != null && rec.inputs().experiments() != null) {
            Set<String> added = new TreeSet<>(experimentSet);
            added.removeAll(rec.inputs().experiments());
            Set<String> removed = new TreeSet<>(rec.inputs().experiments());
            removed.removeAll(experimentSet);
            if (!added.isEmpty() || !removed.isEmpty()) {
                out.add(new Reason.ExperimentSetChanged(List.copyOf(added), List.copyOf(removed)));
            }
        }
        if (triggers.contains(RerunTrigger.MTIME)) {
            Optional<Reason> changed = changedDuringBuild(job, experimentSet, rec, probe);
            if (changed.isPresent()) {
                out.add(changed.get());
            }
        }
        return out;
    }

    /**
     * An input newer than the newest input seen when the last execution started, but not newer than
     * the outputs (that would be INPUT_NEWER): it changed while the job was running.
     */
    private static Optional<Reason> changedDuringBuild(Job job, List<String> experimentSet, JobRecord rec, ArtifactProbe probe) {
        // a set: a cohort job checks every source against it, so a list would cost experiments squared
        Set<String> included = experimentSet == null ? null : new HashSet<>(experimentSet);
        long oldestOutput = Long.MAX_VALUE;
        for (Artifact out : job.outputs()) {
            Observation o = probe.observe(out);
            if (o.exists()) {
                oldestOutput = Math.min(oldestOutput, o.mtime());
            }
        }
        for (BoundInput in : job.inputs()) {
            for (Source s : in.sources()) {
                if (in.fanIn() && included != null && !included.contains(s.experiment())) {
                    continue;
                }
                Observation o = probe.observe(s.artifact());
                if (o.exists() && o.mtime() > rec.inputs().newestNs() && o.mtime() <= oldestOutput) {
                    return Optional.of(new Reason.InputChangedDuringBuild(o.newest(), o.mtime(), rec.attempt().startedNs()));
                }
            }
        }
        return Optional.empty();
    }
}
