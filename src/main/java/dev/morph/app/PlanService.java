package dev.morph.app;

import dev.morph.discover.Experiment;
import dev.morph.discover.Workspace;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.Plan;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
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
        return new Planned(ws, plan, new CommandRenderer(ws.root()), StatusService.warnings(ws, journal));
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
