package dev.morph.cli;

import dev.morph.app.Invocation;
import dev.morph.app.StatusService;
import dev.morph.report.Json;
import dev.morph.report.StatusJson;
import dev.morph.report.StatusText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code morph status}: the experiments × steps matrix. Read-only. */
public final class StatusCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final SelectionOptions selection;
    private final OptionSpec format;
    private final OptionSpec all;
    private final OptionSpec why;
    private final PositionalParamSpec targets;

    enum OutputFormat { table, json }

    StatusCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("status", this, "Show which jobs are up to date, stale, missing, blocked, running or failed. Changes nothing.");
        targets = Specs.add(spec, PositionalParamSpec.builder().type(List.class)
                .auxiliaryTypes(String.class).arity("0..*").paramLabel("STEP").completionCandidates(root.stepNames())
                .description("Only these steps and the steps they need (default: every step)."));
        selection = new SelectionOptions(spec, root);
        format = Specs.format(spec, OutputFormat.class, OutputFormat.table);
        all = Specs.flag(spec, "List every experiment, even when there are many (default: group them past 50).", "--all");
        why = Specs.flag(spec, "After the table, why each cell that is not up to date is what it is (default with --experiments).", "--why");
    }

    @Override
    public Integer call() {
        var status = new StatusService(root.project()).status(Invocation.status(Specs.strings(targets), selection.experiments()));
        root.warnings(status.warnings());
        PrintWriter out = spec.commandLine().getOut();
        if (format.getValue() == OutputFormat.json) {
            out.println(Json.write(new StatusJson(root.style()).tree(status.view(), status.workspace().skipped())));
        } else {
            boolean explain = Specs.isSet(why) || !selection.experiments().names().isEmpty();
            new StatusText(root.style(), Specs.isSet(all) ? Integer.MAX_VALUE : 50, explain).print(status, out);
        }
        return 0;
    }
}
