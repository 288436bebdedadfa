package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.app.ReportService;
import dev.morph.html.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph report}: the status, the step graph and the runs as one self-contained HTML file. Writes only that file. */
public final class ReportCommand implements Callable<Integer> {
    static final String DEFAULT_FILE = "morph-report.html";
    /** How many recent runs the report lists, each with its timeline. */
    static final int RUNS = 20;

    private final MorphCommand root;
    final CommandSpec spec;
    private final TargetOptions targets;
    private final SelectionOptions selection;
    private final OptionSpec output;

    ReportCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("report", this, "Write the status matrix, reasons, step graph, runs and timelines as one HTML file"
                + " that opens offline. Changes nothing else.");
        targets = new TargetOptions(spec, root);
        selection = new SelectionOptions(spec, root);
        output = Specs.option(spec, String.class, "FILE", "Where to write the report ('-': standard output; default: ./" + DEFAULT_FILE + ").",
                "-o", "--output");
    }

    @Override
    public Integer call() throws IOException {
        var report = new ReportService(root.project()).report(targets.invocation(selection.experiments()), RUNS);
        root.warnings(report.warnings());
        String page = new HtmlReport(root.style().zone()).page(report, System.currentTimeMillis());
        String given = output.getValue() == null ? DEFAULT_FILE : output.getValue();
        PrintWriter out = spec.commandLine().getOut();
        if (given.equals("-")) {
            out.print(page);
            return 0;
        }
        Path file = root.environment.cwd().resolve(given);
        if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
            throw MorphException.usage("-o " + given + ": directory " + file.toAbsolutePath().getParent() + " does not exist");
        }
        // a temporary file beside it, renamed over it: readers never see half a report (created with the umask's mode, to share)
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temp, page, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        out.println("report: " + file + " (" + page.length() / 1024 + " KiB)");
        return 0;
    }
}
