package dev.morph.cli;

import dev.morph.discover.Selection;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.app.Invocation;
import dev.morph.app.Workspace;
import dev.morph.app.Cell;
import dev.morph.report.GraphFormat;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph graph}: the step graph, or with {@code --jobs} the job graph coloured by state, as DOT or Mermaid. */
public final class GraphCommand implements Callable<Integer> {
    private static final Map<Cell, String> COLORS = Map.of(Cell.UP_TO_DATE, "palegreen", Cell.STALE, "khaki",
            Cell.MISSING, "lightblue", Cell.BLOCKED, "salmon", Cell.NOT_APPLICABLE, "lightgrey",
            Cell.RUNNING, "plum", Cell.FAILED, "red");

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
        if (!Specs.isSet(jobs)) {
            Pipeline pipeline = root.pipelineOnly();
            GraphFormat<String> g = new GraphFormat<>(StepGraph.of(pipeline).graph(), name -> name, name -> {
                Map<String, String> a = new LinkedHashMap<>();
                a.put("shape", pipeline.step(name).orElseThrow().isGlobal() ? "box" : "ellipse");
                return a;
            });
            out.print(format.getValue() == OutputFormat.dot ? g.dot(pipeline.name()) : g.mermaid());
            return 0;
        }
        Workspace ws = root.workspace();
        Selection sel = selection.selection();
        Plan plan = Invocation.status(sel).plan(ws, new dev.morph.journal.JournalHistory(root.journal(ws)));
        GraphFormat<JobId> g = new GraphFormat<>(plan.dag(), JobId::toString, id -> {
            JobPlan j = plan.job(id).orElseThrow();
            Cell cell = Cell.of(j);
            Map<String, String> a = new LinkedHashMap<>();
            a.put("shape", id.isGlobal() ? "box" : "ellipse");
            a.put("style", "filled");
            a.put("fillcolor", COLORS.get(cell));
            a.put("tooltip", cell.word());
            return a;
        });
        out.print(format.getValue() == OutputFormat.dot ? g.dot(ws.pipeline().name()) : g.mermaid());
        return 0;
    }
}
