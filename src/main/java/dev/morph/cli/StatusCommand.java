package dev.morph.cli;

import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobHistory;
import dev.morph.plan.Plan;
import dev.morph.project.Invocation;
import dev.morph.project.Workspace;
import dev.morph.report.Json;
import dev.morph.report.ReasonJson;
import dev.morph.report.ReasonText;
import dev.morph.report.StatusJson;
import dev.morph.report.StatusTable;
import dev.morph.report.StatusView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code morph status}: the experiments × steps matrix. Read-only. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show which jobs are up to date, stale, missing, blocked, running or failed. Changes nothing.")
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    MorphCommand root;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "Output format (default: table).")
    OutputFormat format;

    @Option(names = "--all", description = "List every experiment, even when there are many (default: group them past 50).")
    boolean all;

    enum OutputFormat { table, json }

    @Override
    public Integer call() {
        Workspace ws = root.workspace();
        Plan plan = Invocation.status(selection.selection()).plan(ws, JobHistory.NONE);
        List<Step> columns = StepGraph.of(ws.pipeline()).topologicalOrder().stream().filter(s -> !s.isGlobal()).toList();
        StatusView view = StatusView.of(plan, ws.experiments(), columns, id -> Optional.empty());
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(Json.write(new StatusJson(new ReasonJson(new ReasonText(root.style().zone()))).tree(view)));
        } else {
            out.println(root.style().bold(ws.pipeline().name()) + " · data root " + ws.root() + " · "
                    + ws.experiments().size() + " experiments");
            out.println();
            new StatusTable(root.style(), all ? Integer.MAX_VALUE : 50).print(view, ws.pipeline().discovery().attributes(), out);
        }
        return 0;
    }
}
