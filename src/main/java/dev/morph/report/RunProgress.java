package dev.morph.report;

import dev.morph.exec.Progress;
import dev.morph.pipeline.Durations;
import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Shows a run as it goes. On a terminal: a live bar (done/total, running jobs, elapsed, ETA) redrawn in
 * place, with job ends printed above it. Elsewhere (logs, CI): one plain line per job start and end.
 */
public final class RunProgress implements Progress {
    private final PrintWriter out;
    private final Style style;
    private final boolean live;
    private final Supplier<RunState> state;
    private final long started = System.nanoTime();
    private final Thread redraw;
    private boolean barShown;

    public RunProgress(PrintWriter out, Style style, boolean live, Supplier<RunState> state) {
        this.out = out;
        this.style = style;
        this.live = live;
        this.state = state;
        if (live) {
            redraw = new Thread(this::redrawLoop, "morph-progress");
            redraw.setDaemon(true);
            redraw.start();
        } else {
            redraw = null;
        }
    }

    @Override
    public synchronized void started(JobId job, int attempt, String handle) {
        if (!live) {
            out.println(counter() + " start  " + job + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            out.flush();
        }
    }

    @Override
    public synchronized void ended(RunState.JobEntry job) {
        RunState.JobEntry.Outcome o = job.outcome();
        String line = switch (o.status()) {
            case SUCCEEDED -> style.green("ok    ") + " " + job.id() + duration(job);
            case FAILED -> style.red("FAILED") + " " + job.id() + "  " + o.reason() + ": " + o.message()
                    + (job.execution().log() == null ? "" : "  log: " + job.execution().log());
            case PENDING -> style.yellow("retry ") + " " + job.id() + "  " + o.message();
            case INTERRUPTED -> style.yellow("stop  ") + " " + job.id() + "  " + o.message();
            case SKIPPED, RUNNING -> style.dim("skip   " + job.id() + "  " + o.reason() + ": " + o.message());
        };
        print(counter() + " " + line);
    }

    @Override
    public synchronized void warn(String message) {
        print(style.yellow("morph: warning: ") + message);
    }

    private void print(String line) {
        if (live && barShown) {
            out.print("\r\u001b[2K");
        }
        out.println(line);
        if (live) {
            drawBar();
        }
        out.flush();
    }

    private String counter() {
        RunState.Metrics m = state.get().metrics();
        int done = m.completed() + m.failed() + m.interrupted() + m.skipped();
        int width = String.valueOf(m.jobsTotal()).length();
        return String.format("[%" + width + "d/%d]", done, m.jobsTotal());
    }

    private String duration(RunState.JobEntry job) {
        RunState.Span span = job.span();
        if (span.startedAt() == null || span.endedAt() == null) {
            return "";
        }
        Duration d = Duration.between(java.time.Instant.parse(span.startedAt()), java.time.Instant.parse(span.endedAt()));
        return style.dim("  " + Durations.format(d));
    }

    private void redrawLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            synchronized (this) {
                drawBar();
                out.flush();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drawBar() {
        RunState s = state.get();
        RunState.Metrics m = s.metrics();
        int done = m.completed() + m.failed() + m.interrupted() + m.skipped();
        int total = Math.max(1, m.jobsTotal());
        int width = 24;
        int filled = (int) Math.round(width * (double) done / total);
        String full = style.unicode() ? "█" : "#";
        String empty = style.unicode() ? "░" : ".";
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String eta = done == 0 || done == total ? "" : " · ETA " + Durations.format(elapsed.multipliedBy(total - done).dividedBy(done));
        List<String> running = s.jobs().stream().filter(j -> j.status() == JobStatus.RUNNING).map(RunState.JobEntry::id).limit(3).toList();
        String bar = full.repeat(filled) + empty.repeat(width - filled) + " " + done + "/" + m.jobsTotal() + " done · "
                + m.running() + " running" + (m.failed() > 0 ? " · " + style.red(m.failed() + " failed") : "") + " · "
                + Durations.format(elapsed) + eta + (running.isEmpty() ? "" : " · " + String.join(", ", running));
        out.print("\r\u001b[2K" + bar);
        barShown = true;
    }

    @Override
    public synchronized void close() {
        if (redraw != null) {
            redraw.interrupt();
        }
        if (live && barShown) {
            out.print("\r\u001b[2K");
            out.flush();
        }
    }
}
