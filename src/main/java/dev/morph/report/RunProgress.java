package dev.morph.report;

import dev.morph.app.RunWatch;
import dev.morph.exec.Progress;
import dev.morph.pipeline.Durations;
import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Shows a run as it goes. Live (a terminal that is not {@code TERM=dumb}, colours allowed): the start
 * banner, then a block redrawn four times a second at the terminal's current width ({@link ProgressLines},
 * {@link LiveBlock}), with a line above it for each failed job (each finished job with {@code -v}).
 * Plain (a pipe, a log file, CI): the banner, a line per failure (per start and end with {@code -v}),
 * and a progress line at every tenth of the jobs.
 */
public final class RunProgress implements Progress {
    /** How the display behaves: redrawn in place or plain lines, a line per finished job or only failures. */
    public record Mode(boolean live, boolean everyJob) {
    }

    private static final int PLAIN_WIDTH = 100;

    private final PrintWriter out;
    private final Style style;
    private final Mode mode;
    private final RunWatch watch;
    private final IntSupplier width;
    private final Supplier<Instant> now;
    private final ProgressLines lines;
    private final LiveBlock block;
    private final Thread redraw;
    private int lastTenth;

    public RunProgress(PrintWriter out, Style style, Mode mode, RunWatch watch, IntSupplier width) {
        this(out, style, mode, watch, width, Instant::now, true);
    }

    /** {@code redrawing}: whether a thread redraws the live block; tests call {@link #redraw()} themselves. */
    RunProgress(PrintWriter out, Style style, Mode mode, RunWatch watch, IntSupplier width, Supplier<Instant> now, boolean redrawing) {
        this.out = out;
        this.style = style;
        this.mode = mode;
        this.watch = watch;
        this.width = width;
        this.now = now;
        this.lines = new ProgressLines(style, watch);
        this.block = new LiveBlock(out);
        int w = mode.live() ? width() : PLAIN_WIDTH;
        lines.banner(w).forEach(out::println);
        out.flush();
        if (mode.live() && redrawing) {
            redraw = new Thread(this::redrawLoop, "morph-progress");
            redraw.setDaemon(true);
            redraw.start();
        } else {
            redraw = null;
        }
    }

    @Override
    public synchronized void started(JobId job, int attempt, String handle) {
        if (!mode.live() && mode.everyJob()) {
            out.println(counter() + " start  " + JobIds.shown(job) + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            out.flush();
        }
    }

    @Override
    public synchronized void ended(RunState.JobEntry job) {
        boolean failure = job.status() == JobStatus.FAILED || job.status() == JobStatus.PENDING;
        if (failure || mode.everyJob()) {
            print(counter() + " " + line(job));
        }
        if (!mode.live()) {
            progressLine();
        }
    }

    @Override
    public synchronized void warn(String message) {
        print(style.yellow("morph: warning: ") + message);
    }

    /** Draws the live block once, at the width the terminal has now. */
    synchronized void redraw() {
        int w = width();
        block.draw(lines.block(watch.state().get(), now.get(), w), w);
    }

    private String line(RunState.JobEntry job) {
        RunState.JobEntry.Outcome o = job.outcome();
        String id = JobIds.shown(job.id());
        return switch (o.status()) {
            case SUCCEEDED -> style.green("ok    ") + " " + id + duration(job);
            case FAILED -> style.red("FAILED") + " " + id + "  " + o.reason() + ": " + o.message();
            case PENDING -> style.yellow("retry ") + " " + id + "  " + o.message();
            case INTERRUPTED -> style.yellow("stop  ") + " " + id + "  " + o.message();
            case SKIPPED, RUNNING -> style.dim("skip   " + id + "  " + o.reason() + ": " + o.message());
        };
    }

    private void print(String line) {
        if (mode.live()) {
            block.above(line, width());
        } else {
            out.println(line);
            out.flush();
        }
    }

    /** Plain mode: a line each time another tenth of the jobs has finished. */
    private void progressLine() {
        RunState s = watch.state().get();
        RunState.Metrics m = s.metrics();
        int done = m.completed() + m.failed() + m.interrupted() + m.skipped();
        int tenth = m.jobsTotal() == 0 ? 10 : done * 10 / m.jobsTotal();
        if (tenth > lastTenth && done < m.jobsTotal()) {
            lastTenth = tenth;
            out.println(lines.block(s, now.get(), PLAIN_WIDTH).get(0));
            out.flush();
        }
    }

    private String counter() {
        RunState.Metrics m = watch.state().get().metrics();
        int done = m.completed() + m.failed() + m.interrupted() + m.skipped();
        int w = String.valueOf(m.jobsTotal()).length();
        return String.format("[%" + w + "d/%d]", done, m.jobsTotal());
    }

    private String duration(RunState.JobEntry job) {
        RunState.Span span = job.span();
        if (span.startedAt() == null || span.endedAt() == null) {
            return "";
        }
        return style.dim("  " + Durations.format(Duration.between(Instant.parse(span.startedAt()), Instant.parse(span.endedAt()))));
    }

    private int width() {
        int w = width.getAsInt();
        return w <= 0 ? 80 : w;
    }

    private void redrawLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            redraw();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (redraw != null) {
            redraw.interrupt();
            try {
                redraw.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (mode.live()) {
                block.clear(width());
            }
        }
    }
}
