package dev.morph.report;

import dev.morph.app.Cell;
import dev.morph.app.StatusService;
import dev.morph.discover.Workspace;
import dev.morph.plan.JobId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code morph status} as text: a header naming the pipeline, data root and experiment count, the matrix
 * ({@link StatusTable}), then the jobs running now and those whose last attempt failed (at most ten, with
 * their logs).
 */
public final class StatusText {
    private static final int FAILED_SHOWN = 10;

    private final Style style;
    private final int maxRows;
    private final boolean why;

    /** {@code maxRows}: past this many experiments, rows are grouped by state. */
    public StatusText(Style style, int maxRows) {
        this(style, maxRows, false);
    }

    /** {@code why}: after the table, why each cell that is not up to date (or n/a) is what it is. */
    public StatusText(Style style, int maxRows, boolean why) {
        this.style = style;
        this.maxRows = maxRows;
        this.why = why;
    }

    /** One line per cell not up to date: experiment, step, state and why (the reason, what is missing, the run or failure). */
    private void why(StatusService.Status status, StatusTable table, PrintWriter out) {
        Map<JobId, String> live = new HashMap<>();
        status.running().forEach(r -> live.put(r.job(), "running in run " + r.runId() + " (" + r.where() + ")"));
        status.failed().forEach(f -> live.put(f.job(), "last attempt failed: " + f.reason() + ": " + f.message() + "; log: " + f.log()));
        List<String> lines = new ArrayList<>();
        int nameWidth = status.view().rows().stream().mapToInt(r -> DisplayWidth.of(r.experiment().name())).max().orElse(0);
        int stepWidth = status.view().columns().stream().mapToInt(s -> DisplayWidth.of(s.name())).max().orElse(0);
        for (var row : status.view().rows()) {
            row.cells().forEach((step, cell) -> {
                if (cell == Cell.UP_TO_DATE || cell == Cell.NOT_APPLICABLE) {
                    return;
                }
                var job = row.jobs().get(step);
                String reason = live.getOrDefault(job.id(), table.why(job));
                lines.add("  " + DisplayWidth.pad(row.experiment().name(), nameWidth) + "  " + DisplayWidth.pad(step, stepWidth) + "  "
                        + style.paint(cell, DisplayWidth.pad(cell.word(), 8)) + "  " + reason);
            });
        }
        out.println();
        out.println(lines.isEmpty() ? "Why: every cell shown is up to date." : style.bold("Why:"));
        lines.forEach(out::println);
    }

    public void print(StatusService.Status status, PrintWriter out) {
        Workspace ws = status.workspace();
        out.println(style.bold(ws.pipeline().name()) + " · data root " + ws.root() + " · " + RunSummary.words(ws.experiments().size(), "experiment"));
        ws.skipped().forEach(sk -> out.println(style.paint(Cell.BLOCKED, "Skipped: ") + sk.path() + " ("
                + RunSummary.words(sk.names().size(), "folder") + "): " + sk.reason()));
        out.println();
        StatusTable table = new StatusTable(style, maxRows);
        table.print(status.view(), ws.pipeline().discovery().attributes(), out);
        if (why) {
            why(status, table, out);
        }
        List<StatusService.Running> running = status.running();
        if (!running.isEmpty()) {
            out.println(style.paint(Cell.RUNNING, "Running now:"));
            running.forEach(r -> out.println("  " + r.job().shown() + "  run " + r.runId() + " (" + r.where() + ")"));
        }
        List<StatusService.Failed> failed = status.failed();
        if (!failed.isEmpty()) {
            out.println(style.paint(Cell.FAILED, "Failed last time:"));
            failed.stream().limit(FAILED_SHOWN)
                    .forEach(f -> out.println("  " + f.job().shown() + "  " + f.reason() + ": " + f.message() + "  log: " + f.log()));
            if (failed.size() > FAILED_SHOWN) {
                out.println("  … and " + (failed.size() - FAILED_SHOWN) + " more");
            }
        }
    }
}
