package dev.morph.report;

import dev.morph.pipeline.Durations;
import dev.morph.plan.CommandRenderer;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The block printed when {@code morph run} ends: how the run ended with counts in words and the reason
 * code alongside; for each failed job its command line, a log path that opens from where the user
 * stands, and the last lines of its log; how many jobs never started and why; how to resume and
 * follow up.
 */
public final class RunSummary {
    private static final int FAILED_SHOWN = 10;
    private static final int TAIL = 5;
    private static final int BLOCKED_SHOWN = 5;
    private static final int COMMAND_CHARS = 300;

    private final Style style;
    private final Path cwd;

    /** {@code cwd}: log paths under it are shown relative to it. */
    public RunSummary(Style style, Path cwd) {
        this.style = style;
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    /** {@code 1 job}, {@code 2 jobs}. */
    static String words(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The summary of {@code run}; {@code commands}: the argv of failed jobs, by job ID. */
    public void print(RunState run, Map<String, List<String>> commands, PrintWriter out) {
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        run.jobs().forEach(j -> counts.merge(j.status(), 1, Integer::sum));
        out.println();
        out.println(headline(run) + duration(run).map(d -> " after " + d).orElse(""));
        out.println("  " + countLine(counts, run));
        List<RunState.JobEntry> failed = run.jobs().stream().filter(j -> j.status() == JobStatus.FAILED).toList();
        for (RunState.JobEntry j : failed.subList(0, Math.min(FAILED_SHOWN, failed.size()))) {
            failure(run, j, commands.get(j.id()), out);
        }
        if (failed.size() > FAILED_SHOWN) {
            out.println("  … and " + (failed.size() - FAILED_SHOWN) + " more failed jobs: morph runs show " + run.runId());
        }
        neverStarted(run, counts, out);
        if (run.resumeCommand() != null) {
            out.println("Resume with: " + run.resumeCommand());
        }
        if (!failed.isEmpty()) {
            out.println("Follow up: morph runs show " + run.runId() + " · morph logs " + run.runId() + " " + JobIds.shown(failed.get(0).id()));
        }
        out.flush();
    }

    /** How the run ended with its reason code; the message too when the counts below do not say it. */
    private String headline(RunState run) {
        String symbol = switch (run.status()) {
            case COMPLETED -> "✓ ";
            case FAILED -> "✗ ";
            case STOPPED -> "■ ";
            case IN_PROGRESS -> "▶ ";
        };
        boolean counted = !run.jobs().isEmpty() && run.status() != RunStatus.STOPPED;
        String text = (style.unicode() ? symbol : "") + "Run " + run.runId() + " " + run.status() + " (" + run.outcome().reason() + ")"
                + (counted || run.outcome().message() == null ? "" : ": " + run.outcome().message());
        return switch (run.status()) {
            case COMPLETED -> style.green(text);
            case FAILED -> style.red(text);
            default -> style.yellow(text);
        };
    }

    /** {@code 20 jobs succeeded · 2 jobs failed · 4 jobs skipped}, with the status codes alongside. */
    private String countLine(Map<JobStatus, Integer> counts, RunState run) {
        List<String> parts = new ArrayList<>();
        for (JobStatus s : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.INTERRUPTED, JobStatus.SKIPPED, JobStatus.PENDING)) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0) {
                String word = s == JobStatus.PENDING ? "not started" : s.toString();
                String text = words(n, "job") + " " + word;
                parts.add(s == JobStatus.FAILED ? style.red(text) : text);
            }
        }
        if (run.blocked() != null && !run.blocked().isEmpty()) {
            parts.add(words(run.blocked().size(), "job") + " blocked");
        }
        return parts.isEmpty() ? "no jobs ran" : String.join(" · ", parts);
    }

    private void failure(RunState run, RunState.JobEntry j, List<String> argv, PrintWriter out) {
        RunState.JobEntry.Outcome o = j.outcome();
        out.println(style.red((style.unicode() ? "✗ " : "FAILED ") + JobIds.shown(j.id())) + "  " + o.message() + " (" + o.reason()
                + (o.exitCode() == null ? "" : ", exit " + o.exitCode()) + ")");
        if (argv != null && !argv.isEmpty()) {
            String command = CommandRenderer.shellLine(argv);
            out.println("    command: " + (command.length() > COMMAND_CHARS ? command.substring(0, COMMAND_CHARS) + " …" : command));
        }
        if (j.execution().log() != null) {
            Path log = Path.of(run.origin().dataRoot()).resolve(j.execution().log()).toAbsolutePath().normalize();
            out.println("    log: " + (log.startsWith(cwd) ? cwd.relativize(log) : log));
            // morph's own header lines (=== …) say nothing the summary does not
            LogTail.of(log, TAIL, l -> !l.startsWith("=== ")).forEach(l -> out.println(style.dim("    | " + l)));
        }
    }

    /** Jobs that never started: skipped after a failure, not reached (stopped), or blocked by missing inputs. */
    private void neverStarted(RunState run, Map<JobStatus, Integer> counts, PrintWriter out) {
        int skipped = counts.getOrDefault(JobStatus.SKIPPED, 0);
        int pending = counts.getOrDefault(JobStatus.PENDING, 0);
        List<RunState.BlockedEntry> blocked = run.blocked() == null ? List.of() : run.blocked();
        if (skipped + pending + blocked.size() == 0) {
            return;
        }
        out.println("Never started:");
        if (skipped > 0) {
            Map<String, Long> why = run.jobs().stream().filter(j -> j.status() == JobStatus.SKIPPED)
                    .collect(Collectors.groupingBy(j -> j.outcome().reason() + ": " + j.outcome().message(), TreeMap::new,
                            Collectors.counting()));
            why.forEach((reason, n) -> out.println("  " + words(n, "job") + " skipped, " + reason));
        }
        if (pending > 0) {
            out.println("  " + words(pending, "job") + " not reached before the run ended");
        }
        if (!blocked.isEmpty()) {
            out.println("  " + style.yellow(words(blocked.size(), "job") + " blocked by missing inputs:"));
            blocked.stream().limit(BLOCKED_SHOWN)
                    .forEach(b -> out.println("    " + JobIds.shown(b.id()) + "  missing " + String.join(", ", b.missing())));
            if (blocked.size() > BLOCKED_SHOWN) {
                out.println("    … and " + (blocked.size() - BLOCKED_SHOWN) + " more ('morph status' shows them)");
            }
        }
    }

    private static Optional<String> duration(RunState run) {
        RunState.Span span = run.span();
        if (span.startedAt() == null || span.endedAt() == null) {
            return Optional.empty();
        }
        return Optional.of(Durations.format(Duration.between(Instant.parse(span.startedAt()), Instant.parse(span.endedAt()))));
    }
}
