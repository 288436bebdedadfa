package dev.morph.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.morph.journal.Usage;
import dev.morph.pipeline.Durations;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;
import dev.morph.store.StateJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs for people (the end of {@code morph run} is {@link RunSummary}): the {@code morph runs} list, and the
 * {@code morph runs show} status report (status with reason code, metrics, a progress bar, and for
 * stopped and failed runs what to do next).
 */
public final class RunReport {
    /** A run's record as JSON, exactly as {@code state.json} holds it. */
    public static String json(RunState run) throws IOException {
        return StateJson.mapper().writeValueAsString(run);
    }

    /** A run's record as {@code state.json} holds it, with {@code usage} when any job was measured (see {@link UsageTable#tree}). */
    public static String json(RunState run, Map<String, Usage> usage) throws IOException {
        if (usage.isEmpty()) {
            return json(run); // runs from before morph measured print as they did
        }
        ObjectNode tree = StateJson.mapper().valueToTree(run);
        tree.set("usage", StateJson.mapper().valueToTree(UsageTable.tree(usage)));
        return StateJson.mapper().writeValueAsString(tree);
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Style style;

    public RunReport(Style style) {
        this.style = style;
    }

    public void list(List<RunState> runs, PrintWriter out) {
        if (runs.isEmpty()) {
            out.println("No runs recorded yet.");
            return;
        }
        int idWidth = Math.max(6, runs.stream().mapToInt(r -> r.runId().length()).max().orElse(6));
        out.println(style.bold(pad("RUN ID", idWidth) + "  " + pad("STATUS", 11) + "  " + pad("REASON", 20) + "  "
                + pad("STARTED", 19) + "  " + pad("DURATION", 8) + "  OK  FAILED  INTERRUPTED  SKIPPED"));
        for (RunState r : runs) {
            RunState.Metrics m = r.metrics();
            out.println(pad(r.runId(), idWidth) + "  " + paint(r, pad(r.status().toString(), 11)) + "  " + pad(String.valueOf(r.outcome().reason()), 20)
                    + "  " + pad(when(r.span().startedAt()), 19) + "  " + pad(duration(r).orElse("-"), 8) + "  "
                    + pad(m == null ? "-" : String.valueOf(m.completed()), 2) + "  " + pad(m == null ? "-" : String.valueOf(m.failed()), 6)
                    + "  " + pad(m == null ? "-" : String.valueOf(m.interrupted()), 11) + "  " + (m == null ? "-" : m.skipped()));
        }
    }

    /** The status report of one run. {@code root} resolves log paths. */
    public void show(RunState run, Path root, PrintWriter out) {
        RunState.Origin origin = run.origin();
        out.println("Run " + style.bold(run.runId()) + "  " + status(run) + "  " + style.bold(String.valueOf(run.outcome().reason())));
        if (run.outcome().message() != null) {
            out.println("  " + run.outcome().message());
        }
        out.println("  pipeline   " + origin.pipeline());
        out.println("  data root  " + origin.dataRoot());
        out.println("  started    " + when(run.span().startedAt()) + (run.span().endedAt() == null ? "" : "   ended " + when(run.span().endedAt()))
                + duration(run).map(d -> "   duration " + d).orElse(""));
        if (origin.owner() != null) {
            out.println("  by         pid " + origin.owner().pid() + " on " + origin.owner().host()
                    + (origin.resumeOf() == null ? "" : "   (resumes " + origin.resumeOf() + ")"));
        }
        RunState.InvocationRecord inv = origin.invocation();
        if (inv != null) {
            out.println("  asked      " + invocation(inv));
        }
        RunState.Metrics m = run.metrics();
        if (m != null) {
            int done = m.completed() + m.failed() + m.interrupted() + m.skipped();
            out.println("  progress   " + bar(done, m.jobsTotal()) + " " + done + "/" + m.jobsTotal());
            out.println("  jobs       " + m.jobsTotal() + " total · " + style.green(m.completed() + " succeeded") + " · "
                    + (m.failed() > 0 ? style.red(m.failed() + " failed") : "0 failed") + " · " + m.interrupted() + " interrupted · "
                    + m.skipped() + " skipped · "
                    + m.running() + " running · " + m.remaining() + " not started");
            out.println("  attempts   " + m.attempts() + " (" + m.retries() + " retries, retry rate " + percent(m.retryRate()) + ")"
                    + (m.successRate() == null ? "" : "   success rate " + percent(m.successRate())));
        }
        if (run.blocked() != null && !run.blocked().isEmpty()) {
            out.println("  blocked    " + run.blocked().size() + " job(s) could not run: "
                    + String.join(", ", run.blocked().stream().limit(3).map(b -> JobIds.shown(b.id()) + " (missing " + String.join(", ", b.missing()) + ")").toList())
                    + (run.blocked().size() > 3 ? ", …" : ""));
        }
        if (run.status() == RunStatus.STOPPED) {
            out.println(style.yellow("Stopped") + ": " + run.outcome().message());
        }
        failures(run, out, true);
        List<RunState.JobEntry> running = run.jobs().stream().filter(j -> j.status() == JobStatus.RUNNING).toList();
        if (!running.isEmpty()) {
            out.println("Running now:");
            running.forEach(j -> out.println("  " + JobIds.shown(j.id()) + schedulerJob(run, j) + "  log: " + logPath(run, j)));
        }
        if (run.resumeCommand() != null) {
            out.println("Resume with: " + run.resumeCommand());
        }
    }

    private void failures(RunState run, PrintWriter out, boolean withLogTail) {
        List<RunState.JobEntry> failed = run.jobs().stream()
                .filter(j -> j.status() == JobStatus.FAILED || j.status() == JobStatus.INTERRUPTED && j.outcome().reason() != JobReason.INTERRUPTED)
                .toList();
        if (failed.isEmpty()) {
            return;
        }
        out.println(style.red("Failed jobs:"));
        for (RunState.JobEntry j : failed) {
            out.println("  " + JobIds.shown(j.id()) + "  " + j.outcome().reason() + ": " + j.outcome().message() + schedulerJob(run, j));
            if (j.execution().log() != null) {
                out.println("    log: " + logPath(run, j));
                if (withLogTail) {
                    LogTail.of(Path.of(logPath(run, j)), 5, l -> true).forEach(l -> out.println(style.dim("    | " + l)));
                }
            }
        }
    }

    /** {@code  [slurm job 12 RUNNING]} for a cluster job, with the state the run last saw; empty for a local one. */
    private static String schedulerJob(RunState run, RunState.JobEntry j) {
        RunState.JobEntry.Execution e = j.execution();
        String executor = run.origin().executor();
        if (e.executorId() == null || executor == null || "local".equals(executor)) {
            return "";
        }
        return "  [" + executor + " job " + e.executorId() + (e.executorState() == null ? "" : " " + e.executorState()) + "]";
    }

    private static String logPath(RunState run, RunState.JobEntry j) {
        return j.execution().log() == null ? "-" : Path.of(run.origin().dataRoot()).resolve(j.execution().log()).toString();
    }

    private String status(RunState run) {
        String symbol = switch (run.status()) {
            case COMPLETED -> style.unicode() ? "✓ " : "";
            case IN_PROGRESS -> style.unicode() ? "▶ " : "";
            case STOPPED -> style.unicode() ? "■ " : "";
            case FAILED -> style.unicode() ? "✗ " : "";
        };
        return paint(run, symbol + run.status());
    }

    private String paint(RunState run, String text) {
        return switch (run.status()) {
            case COMPLETED -> style.green(text);
            case IN_PROGRESS -> style.paint("36", text);
            case STOPPED -> style.yellow(text);
            case FAILED -> style.red(text);
        };
    }

    private String bar(int done, int total) {
        int width = 24;
        int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        return (style.unicode() ? "█" : "#").repeat(filled) + (style.unicode() ? "░" : ".").repeat(width - filled);
    }

    private static String invocation(RunState.InvocationRecord inv) {
        StringBuilder s = new StringBuilder("run ").append(String.join(" ", inv.targets()));
        if (inv.only()) {
            s.append(" --only");
        }
        if (inv.experiments() != null && !inv.experiments().isEmpty()) {
            s.append(" --experiments ").append(String.join(",", inv.experiments()));
        }
        if (inv.laterThan() != null) {
            s.append(" --later-than ").append(inv.laterThan());
        }
        if (inv.earlierThan() != null) {
            s.append(" --earlier-than ").append(inv.earlierThan());
        }
        if (inv.force()) {
            s.append(" --force");
        }
        if (inv.forceSteps() != null && !inv.forceSteps().isEmpty()) {
            s.append(" --force-step ").append(String.join(",", inv.forceSteps()));
        }
        if (inv.params() != null) {
            inv.params().forEach((k, v) -> s.append(" --param ").append(k).append('=').append(v));
        }
        s.append(" -j ").append(inv.jobs());
        if (inv.resources() != null) {
            s.append(" --resources ").append(inv.resources());
        }
        if (inv.retries() > 0) {
            s.append(" --retries ").append(inv.retries());
        }
        if (inv.failFast()) {
            s.append(" --fail-fast");
        }
        if (inv.timeout() != null) {
            s.append(" --timeout ").append(inv.timeout());
        }
        if (inv.executor() != null && !"local".equals(inv.executor())) {
            s.append(" --executor ").append(inv.executor());
        }
        return s.toString();
    }

    private static Optional<String> duration(RunState run) {
        RunState.Span span = run.span();
        if (span.startedAt() == null) {
            return Optional.empty();
        }
        Instant end = span.endedAt() == null ? Instant.now() : Instant.parse(span.endedAt());
        return Optional.of(Durations.format(Duration.between(Instant.parse(span.startedAt()), end)));
    }

    private String when(String iso) {
        return iso == null ? "-" : WHEN.format(style.zone().local(Instant.parse(iso)));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
