package dev.morph.cli;

import dev.morph.plan.CommandRenderer;
import dev.morph.plan.Plan;
import dev.morph.project.Workspace;
import dev.morph.report.Json;
import dev.morph.report.PlanJson;
import dev.morph.report.PlanText;
import dev.morph.report.ReasonJson;
import dev.morph.report.ReasonText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code morph plan}: which jobs would run, in order, and why. Always a dry run. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = MorphCommand.Version.class,
        description = "Show the jobs a run would start, in order, each with its reasons and command. Changes nothing.")
public final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    MorphCommand root;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TargetOptions targets;

    @Mixin
    SelectionOptions selection;

    @Option(names = {"-n", "--dry-run"}, description = "Accepted for symmetry with 'morph run --dry-run'; plan never runs anything.")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    OutputFormat format;

    enum OutputFormat { text, json }

    @Override
    public Integer call() {
        Workspace ws = root.workspace();
        dev.morph.journal.Journal journal = root.journal(ws);
        Plan plan = targets.invocation(selection.selection()).plan(ws, new dev.morph.journal.JournalHistory(journal));
        root.warnings(journal.warnings());
        CommandRenderer commands = new CommandRenderer(ws.root());
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(Json.write(new PlanJson(new ReasonJson(new ReasonText(root.style().zone())), commands).tree(plan, null)));
        } else {
            new PlanText(root.style(), commands).print(plan, null, out);
        }
        return 0;
    }
}
