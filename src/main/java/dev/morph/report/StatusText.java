package dev.morph.report;

import dev.morph.app.Cell;
import dev.morph.app.StatusService;
import dev.morph.discover.Workspace;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code morph status} as text: a header naming the pipeline, data root and experiment count, the matrix
 * ({@link StatusTable}), then the jobs running now and those whose last attempt failed (at most ten, with
 * their logs).
 */
public final class StatusText {
    private static final int FAILED_SHOWN = 10;

    private final Style style;
    private final int maxRows;

    /** {@code maxRows}: past this many experiments, rows are grouped by state. */
    public StatusText(Style style, int maxRows) {
        this.style = style;
        this.maxRows = maxRows;
    }

    public void print(StatusService.Status status, PrintWriter out) {
        Workspace ws = status.workspace();
        int n = ws.experiments().size();
        out.println(style.bold(ws.pipeline().name()) + " · data root " + ws.root() + " · " + n + (n == 1 ? " experiment" : " experiments"));
        ws.skipped().forEach(sk -> out.println(style.paint(Cell.BLOCKED, "Skipped: ") + sk.path() + " (" + sk.names().size()
                + (sk.names().size() == 1 ? " folder" : " folders") + "): " + sk.reason()));
        out.println();
        new StatusTable(style, maxRows).print(status.view(), ws.pipeline().discovery().attributes(), out);
        List<StatusService.Running> running = status.running();
        if (!running.isEmpty()) {
            out.println(style.paint(Cell.RUNNING, "Running now:"));
            running.forEach(r -> out.println("  " + r.job() + "  run " + r.runId() + " (" + r.where() + ")"));
        }
        List<StatusService.Failed> failed = status.failed();
        if (!failed.isEmpty()) {
            out.println(style.paint(Cell.FAILED, "Failed last time:"));
            failed.stream().limit(FAILED_SHOWN)
                    .forEach(f -> out.println("  " + f.job() + "  " + f.reason() + ": " + f.message() + "  log: " + f.log()));
            if (failed.size() > FAILED_SHOWN) {
                out.println("  … and " + (failed.size() - FAILED_SHOWN) + " more");
            }
        }
    }
}
