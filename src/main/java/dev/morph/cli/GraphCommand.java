package dev.morph.cli;

import dev.morph.app.Invocation;
import dev.morph.app.PlanService;
import dev.morph.report.GraphFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph graph}: the step graph, or with {@code --jobs} the job graph coloured by state, as DOT or Mermaid. */
public final class GraphCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final SelectionOptions selection;
    private final OptionSpec format;
    private final OptionSpec jobs;

    enum OutputFormat { dot, mermaid }

    GraphCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("graph", this, "Print the step graph (or, with --jobs, the job graph) as Graphviz DOT or Mermaid. Changes nothing.");
        selection = new SelectionOptions(spec);
        format = Specs.format(spec, OutputFormat.class, OutputFormat.dot);
        jobs = Specs.flag(spec, "The job graph (one node per step and experiment) instead of the step graph.", "--jobs");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PlanService plans = new PlanService(root.project());
        if (!Specs.isSet(jobs)) {
            var pipeline = plans.pipeline();
            print(GraphFormat.steps(pipeline), pipeline.name(), out);
            return 0;
        }
        var planned = plans.plan(Invocation.status(selection.experiments()));
        print(GraphFormat.jobs(planned.plan()), planned.workspace().pipeline().name(), out);
        return 0;
    }

    private void print(GraphFormat<?> graph, String name, PrintWriter out) {
        out.print(format.getValue() == OutputFormat.dot ? graph.dot(name) : graph.mermaid());
    }
}
