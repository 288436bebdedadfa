package dev.morph.cli;

import dev.morph.plan.CommandRenderer;
import dev.morph.plan.Plan;
import dev.morph.app.Workspace;
import dev.morph.report.Json;
import dev.morph.report.PlanJson;
import dev.morph.report.PlanText;
import dev.morph.report.ReasonJson;
import dev.morph.text.ReasonText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph plan}: which jobs would run, in order, and why. Always a dry run. */
public final class PlanCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final TargetOptions targets;
    private final SelectionOptions selection;
    private final OptionSpec format;

    enum OutputFormat { text, json }

    PlanCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("plan", this, "Show the jobs a run would start, in order, each with its reasons and command. Changes nothing.");
        targets = new TargetOptions(spec);
        selection = new SelectionOptions(spec);
        Specs.flag(spec, "Accepted for symmetry with 'morph run --dry-run'; plan never runs anything.", "-n", "--dry-run");
        format = Specs.format(spec, OutputFormat.class, OutputFormat.text);
    }

    @Override
    public Integer call() {
        Workspace ws = root.workspace();
        dev.morph.journal.Journal journal = root.journal(ws);
        Plan plan = targets.invocation(selection.selection()).plan(ws, new dev.morph.journal.JournalHistory(journal));
        root.warnings(journal.warnings());
        CommandRenderer commands = new CommandRenderer(ws.root());
        PrintWriter out = spec.commandLine().getOut();
        if (format.getValue() == OutputFormat.json) {
            out.println(Json.write(new PlanJson(new ReasonJson(new ReasonText(root.style().zone())), commands).tree(plan, null)));
        } else {
            new PlanText(root.style(), commands).print(plan, null, out);
        }
        return 0;
    }
}
