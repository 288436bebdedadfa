package dev.morph.cli;

import dev.morph.app.PlanService;
import dev.morph.report.Json;
import dev.morph.report.PlanJson;
import dev.morph.report.PlanSummary;
import dev.morph.report.PlanText;
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
    private final OptionSpec explain;

    enum OutputFormat { text, json }

    PlanCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("plan", this, "Show what a run would do: jobs per step, why they run, what is blocked (--explain: each job with its reasons and command). Changes nothing.");
        targets = new TargetOptions(spec, root);
        selection = new SelectionOptions(spec, root);
        Specs.flag(spec, "Accepted for symmetry with 'morph run --dry-run'; plan never runs anything.", "-n", "--dry-run");
        format = Specs.format(spec, OutputFormat.class, OutputFormat.text);
        explain = Specs.flag(spec, "Each job to run, in order, with every reason and its command (also: -v).", "--explain");
    }

    @Override
    public Integer call() {
        var planned = new PlanService(root.project()).plan(targets.invocation(selection.experiments()));
        root.warnings(planned.warnings());
        PrintWriter out = spec.commandLine().getOut();
        if (format.getValue() == OutputFormat.json) {
            out.println(Json.write(new PlanJson(root.style(), planned.commands()).tree(planned.plan(), null)));
        } else if (Specs.isSet(explain) || root.verbose()) {
            new PlanText(root.style(), planned.commands()).print(planned.plan(), null, out);
        } else {
            new PlanSummary(root.style()).print(planned.plan(), planned.workspace().pipeline(), out);
        }
        return 0;
    }
}
