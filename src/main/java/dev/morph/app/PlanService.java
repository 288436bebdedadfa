package dev.morph.app;

import dev.morph.cluster.BatchSystems;
import dev.morph.discover.Experiment;
import dev.morph.discover.Workspace;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.journal.LiveJobs;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.Plan;
import dev.morph.store.StateLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code plan} use case, and the graphs drawn from the pipeline or a plan: which jobs a run would
 * start, in order, with their reasons and commands. Always a dry run: reads the data root and the journal,
 * writes nothing.
 */
public final class PlanService {
    private final Project project;

    public PlanService(Project project) {
        this.project = project;
    }

    /** The plan for {@code invocation}, with the journal's history of each job. */
    public Planned plan(Invocation invocation) {
        Workspace ws = project.open();
        Journal journal = Project.journal(ws);
        Plan plan = invocation.plan(ws, new JournalHistory(journal));
        List<String> warnings = new ArrayList<>(StatusService.warnings(ws, journal));
        warnings.addAll(adoptions(ws, journal, plan));
        return new Planned(ws, plan, new CommandRenderer(ws.root()), warnings);
    }

    /**
     * For each job the plan would run that a dead run left running on a cluster, that the next run adopts
     * it rather than submit it again. Only jobs whose record says running have a lock to read.
     */
    private List<String> adoptions(Workspace ws, Journal journal, Plan plan) {
        StateLayout layout = Project.layout(ws);
        LiveJobs live = StatusService.liveJobs(project, layout, journal, new BatchSystems.QueueSnapshot(layout));
        return plan.toRun().stream().map(j -> live.of(j.id())).flatMap(Optional::stream)
                .filter(l -> l.running() && StatusService.leftByDeadRun(l.holder()))
                .map(l -> l.job().shown() + " runs as " + l.holder().executor() + " job " + l.holder().executorId() + " of run "
                        + l.record().attempt().runId() + ": " + StatusService.ADOPTED)
                .toList();
    }

    /** The steps {@code targets} name (step names, aliases; none or e2e: all) with the steps they need. */
    public Set<String> steps(List<String> targets) {
        Pipeline pipeline = project.pipeline();
        Set<String> named = new Workspace(pipeline, Path.of("."), List.of()).targets(targets);
        StepGraph graph = StepGraph.of(pipeline);
        return named.isEmpty() ? new LinkedHashSet<>(graph.graph().vertexSet()) : graph.withUpstream(named);
    }

    /** The names of the experiments on the data root. */
    public List<String> experimentNames() {
        return project.open().experiments().stream().map(Experiment::name).toList();
    }

    /** The pipeline alone, for the step graph (needs no data root). */
    public Pipeline pipeline() {
        return project.pipeline();
    }

    /** A plan with how its jobs' commands read on this data root, and warnings about unreadable journal records. */
    public record Planned(Workspace workspace, Plan plan, CommandRenderer commands, List<String> warnings) {
    }
}
