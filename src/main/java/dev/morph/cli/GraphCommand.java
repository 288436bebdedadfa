package dev.morph.cli;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.app.Invocation;
import dev.morph.app.PlanService;
import dev.morph.app.StatusService;
import dev.morph.html.Graphviz;
import dev.morph.html.HtmlReport;
import dev.morph.report.GraphFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code morph graph}: the step graph, or with {@code --jobs} the job graph coloured by state, as DOT, Mermaid or (laid out by Graphviz) SVG. */
public final class GraphCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final SelectionOptions selection;
    private final PositionalParamSpec targets;
    private final OptionSpec format;
    private final OptionSpec jobs;

    enum OutputFormat { dot, mermaid, svg }

    GraphCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("graph", this, "Print the step graph (or, with --jobs, the job graph) as Graphviz DOT, Mermaid or SVG. Changes nothing.");
        targets = Specs.add(spec, PositionalParamSpec.builder().type(List.class)
                .auxiliaryTypes(String.class).arity("0..*").paramLabel("STEP").completionCandidates(root.stepNames())
                .description("Only these steps and the steps they need (default: every step)."));
        selection = new SelectionOptions(spec, root);
        format = Specs.format(spec, OutputFormat.class, OutputFormat.dot);
        jobs = Specs.flag(spec, "The job graph (one node per step and experiment) instead of the step graph.", "--jobs");
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (format.getValue() == OutputFormat.svg) {
            out.print(svg());
            return 0;
        }
        PlanService plans = new PlanService(root.project());
        if (!Specs.isSet(jobs)) {
            var pipeline = plans.pipeline();
            print(GraphFormat.steps(pipeline).only(plans.steps(Specs.strings(targets))), pipeline.name(), out);
            return 0;
        }
        var planned = plans.plan(Invocation.status(Specs.strings(targets), selection.experiments()));
        print(GraphFormat.jobs(planned.plan()), planned.workspace().pipeline().name(), out);
        return 0;
    }

    /** The picture the HTML report shows: steps coloured by their jobs' most urgent state, or the job graph; needs Graphviz. */
    private String svg() throws IOException {
        if (!Graphviz.available()) {
            throw new MorphException(ExitCodes.USAGE, "--format svg needs Graphviz's dot on the PATH (Debian: apt-get install graphviz);"
                    + " --format dot prints the graph without it");
        }
        var status = new StatusService(root.project()).status(Invocation.status(Specs.strings(targets), selection.experiments()));
        root.warnings(status.warnings());
        if (!Specs.isSet(jobs)) {
            return HtmlReport.stepPicture(status).orElseThrow();
        }
        return Graphviz.svg(GraphFormat.jobs(status.plan()).dot(status.workspace().pipeline().name())).orElseThrow();
    }

    private void print(GraphFormat<?> graph, String name, PrintWriter out) {
        out.print(format.getValue() == OutputFormat.dot ? graph.dot(name) : graph.mermaid());
    }
}
