package dev.morph.cli;

import dev.morph.app.RunHistory;
import dev.morph.report.RunReport;
import dev.morph.report.UsageTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code morph runs}: the recent runs, reconciling runs whose morph died; {@code morph runs show ID}: one run's report. */
public final class RunsCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final OptionSpec limit;

    RunsCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("runs", this, "List recent runs (marking runs whose morph died as failed).");
        limit = Specs.add(spec, OptionSpec.builder("-n", "--limit").type(int.class).defaultValue("20").paramLabel("N")
                .description("Show the N most recent runs (default: 20)."));
        spec.addSubcommand("show", new Show(this).spec);
    }

    @Override
    public Integer call() throws IOException {
        var recent = new RunHistory(root.project()).recent(limit.<Integer>getValue());
        new RunReport(root.style()).list(recent.runs(), spec.commandLine().getOut());
        root.warnings(recent.warnings());
        return 0;
    }

    /** {@code morph runs show RUN_ID}. */
    static final class Show implements Callable<Integer> {
        private final RunsCommand runs;
        final CommandSpec spec;
        private final PositionalParamSpec runId;
        private final OptionSpec format;

        enum Format { text, json }

        Show(RunsCommand runs) {
            this.runs = runs;
            spec = Specs.command("show", this, "Show a run's status report.");
            runId = Specs.add(spec, PositionalParamSpec.builder().arity("1").required(true).type(String.class).paramLabel("RUN_ID")
                    .description("The run: its ID, a unique prefix of it, or 'last' (see 'morph runs')."));
            format = Specs.format(spec, Format.class, Format.text);
        }

        @Override
        public Integer call() throws IOException {
            var shown = new RunHistory(runs.root.project()).show(runId.getValue());
            runs.root.warnings(shown.warnings());
            PrintWriter out = spec.commandLine().getOut();
            if (format.getValue() == Format.json) {
                out.println(RunReport.json(shown.run(), shown.usage()));
            } else {
                new RunReport(runs.root.style()).show(shown.run(), shown.workspace().root(), out);
                new UsageTable(runs.root.style()).print(shown.run(), shown.usage(), out);
            }
            return 0;
        }
    }
}
