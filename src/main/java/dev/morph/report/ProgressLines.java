package dev.morph.report;

import dev.morph.app.RunWatch;
import dev.morph.pipeline.Durations;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The words of a run's live view, for any width: the start banner, then the block redrawn in place — the
 * overall line (done of total, running, waiting, failed, elapsed, ETA), one line per step with work
 * left, the running jobs that fit, and why jobs wait ("3 waiting for gpus (1 of 1 in use)"). Pure: the
 * caller cuts lines to the terminal.
 */
final class ProgressLines {
    /** Step lines shown at most; the rest are summed up in one line. */
    private static final int STEP_LINES = 8;

    private final Style style;
    private final RunWatch watch;

    ProgressLines(Style style, RunWatch watch) {
        this.style = style;
        this.watch = watch;
    }

    /** The banner printed when the run starts: its ID, jobs per step, -j, resources, executor; wrapped to {@code width}. */
    List<String> banner(int width) {
        int total = watch.steps().values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        parts.add(style.bold("Run " + watch.runId()) + ": " + RunSummary.words(total, "job")
                + (watch.blocked() > 0 ? " (" + watch.blocked() + " blocked)" : ""));
        parts.add("-j " + watch.jobsLimit());
        if (!watch.totals().isEmpty()) {
            parts.add(watch.totals().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        }
        parts.add(watch.executor());
        List<String> lines = wrap(parts, " · ", "", width);
        List<String> steps = watch.steps().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        lines.addAll(wrap(steps, " · ", "  ", width));
        return lines;
    }

    /** The block for the run as it stands at {@code now}. */
    List<String> block(RunState s, Instant now, int width) {
        Map<String, Map<JobStatus, Integer>> bySteps = new LinkedHashMap<>();
        watch.steps().keySet().forEach(step -> bySteps.put(step, new EnumMap<>(JobStatus.class)));
        Map<JobStatus, Integer> all = new EnumMap<>(JobStatus.class);
        for (RunState.JobEntry j : s.jobs()) {
            bySteps.computeIfAbsent(j.step(), k -> new EnumMap<>(JobStatus.class)).merge(j.status(), 1, Integer::sum);
            all.merge(j.status(), 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        lines.add(overall(s, all, now, width));
        List<String> done = new ArrayList<>();
        List<String> active = new ArrayList<>();
        int nameWidth = bySteps.keySet().stream().mapToInt(DisplayWidth::of).max().orElse(0);
        bySteps.forEach((step, counts) -> {
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            int ok = counts.getOrDefault(JobStatus.SUCCEEDED, 0);
            if (ok == n) {
                done.add(step + " " + n);
            } else {
                active.add("  " + DisplayWidth.pad(step, nameWidth) + "  " + stepLine(counts, n));
            }
        });
        if (!done.isEmpty()) {
            lines.add("  " + style.green((style.unicode() ? "✓ " : "done: ") + String.join(" · ", done)));
        }
        lines.addAll(active.subList(0, Math.min(STEP_LINES, active.size())));
        if (active.size() > STEP_LINES) {
            lines.add("  … and " + (active.size() - STEP_LINES) + " more steps");
        }
        running(s, now, width).ifPresent(lines::add);
        waiting(s).ifPresent(lines::add);
        return lines;
    }

    private String overall(RunState s, Map<JobStatus, Integer> all, Instant now, int width) {
        int total = s.jobs().size();
        int finished = total - all.getOrDefault(JobStatus.PENDING, 0) - all.getOrDefault(JobStatus.RUNNING, 0);
        Duration elapsed = s.span().startedAt() == null ? Duration.ZERO : Duration.between(Instant.parse(s.span().startedAt()), now);
        String eta = watch.eta(s, now).map(e -> "ETA " + (e.guessed() ? "~" : "") + Durations.format(e.left())).orElse("ETA unknown");
        List<String> parts = new ArrayList<>();
        parts.add(finished + "/" + total + " done");
        parts.add(all.getOrDefault(JobStatus.RUNNING, 0) + " running");
        parts.add(all.getOrDefault(JobStatus.PENDING, 0) + " waiting");
        int failed = all.getOrDefault(JobStatus.FAILED, 0);
        if (failed > 0) {
            parts.add(style.red(failed + " failed"));
        }
        parts.add(Durations.format(elapsed));
        parts.add(eta);
        String text = String.join(" · ", parts);
        // the bar takes what the words leave, between 10 and 30 columns
        int barWidth = Math.min(30, width - 1 - DisplayWidth.of(text) - 1);
        return barWidth >= 10 ? bar(finished, total, barWidth) + " " + text : text;
    }

    private String stepLine(Map<JobStatus, Integer> counts, int n) {
        int ok = counts.getOrDefault(JobStatus.SUCCEEDED, 0);
        List<String> parts = new ArrayList<>();
        parts.add(ok + "/" + n);
        add(parts, counts, JobStatus.RUNNING, "running", false);
        add(parts, counts, JobStatus.PENDING, "waiting", false);
        add(parts, counts, JobStatus.FAILED, "failed", true);
        add(parts, counts, JobStatus.SKIPPED, "skipped", false);
        add(parts, counts, JobStatus.INTERRUPTED, "interrupted", false);
        return String.join(" · ", parts);
    }

    private void add(List<String> parts, Map<JobStatus, Integer> counts, JobStatus status, String word, boolean red) {
        int n = counts.getOrDefault(status, 0);
        if (n > 0) {
            parts.add(red ? style.red(n + " " + word) : n + " " + word);
        }
    }

    /** The running jobs, longest running first, as many as fit on one line. */
    private Optional<String> running(RunState s, Instant now, int width) {
        List<RunState.JobEntry> running = s.jobs().stream().filter(j -> j.status() == JobStatus.RUNNING)
                .sorted(Comparator.comparing(j -> j.span().startedAt() == null ? "" : j.span().startedAt())).toList();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        String head = "  " + style.paint("36", style.unicode() ? "▶ " : "> ");
        StringBuilder line = new StringBuilder(head);
        int shown = 0;
        for (RunState.JobEntry j : running) {
            String item = JobIds.shown(j.id()) + (j.span().startedAt() == null ? ""
                    : " " + Durations.format(Duration.between(Instant.parse(j.span().startedAt()), now)));
            String more = " · +" + (running.size() - shown - 1) + " more";
            String candidate = (shown == 0 ? "" : " · ") + item;
            int room = width - 1 - DisplayWidth.of(line.toString()) - (shown + 1 < running.size() ? DisplayWidth.of(more) : 0);
            if (DisplayWidth.of(candidate) > room && shown > 0) {
                break;
            }
            line.append(candidate);
            shown++;
        }
        if (shown < running.size()) {
            line.append(" · +").append(running.size() - shown).append(" more");
        }
        return Optional.of(line.toString());
    }

    /** Why waiting jobs wait, most common first: upstream jobs, a resource (how much of it is in use), a free slot. */
    private Optional<String> waiting(RunState s) {
        Map<String, JobStatus> status = new HashMap<>();
        s.jobs().forEach(j -> status.put(j.id(), j.status()));
        Map<String, Long> used = new HashMap<>();
        int running = 0;
        for (RunState.JobEntry j : s.jobs()) {
            if (j.status() == JobStatus.RUNNING) {
                running++;
                watch.needs().getOrDefault(j.id(), Map.of()).forEach((k, v) -> used.merge(k, Math.min(v, watch.totals().getOrDefault(k, v)), Long::sum));
            }
        }
        Map<String, Integer> reasons = new LinkedHashMap<>();
        Set<JobStatus> over = Set.of(JobStatus.SUCCEEDED);
        for (RunState.JobEntry j : s.jobs()) {
            if (j.status() != JobStatus.PENDING) {
                continue;
            }
            boolean upstream = watch.upstream().getOrDefault(j.id(), List.of()).stream()
                    .anyMatch(u -> status.containsKey(u) && !over.contains(status.get(u)));
            String why;
            if (upstream) {
                why = "for upstream jobs";
            } else {
                why = resource(j.id(), used).orElse(watch.jobsLimit() > 0 && running >= watch.jobsLimit()
                        ? "for a free slot (" + running + " of -j " + watch.jobsLimit() + " running)" : "to start");
            }
            reasons.merge(why, 1, Integer::sum);
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        String text = reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(" · "));
        return Optional.of("  " + style.dim("waiting: " + text));
    }

    private Optional<String> resource(String job, Map<String, Long> used) {
        for (Map.Entry<String, Long> need : watch.needs().getOrDefault(job, Map.of()).entrySet()) {
            Long total = watch.totals().get(need.getKey());
            if (total == null) {
                continue;
            }
            long inUse = used.getOrDefault(need.getKey(), 0L);
            if (inUse + Math.min(need.getValue(), total) > total) {
                return Optional.of("for " + need.getKey() + " (" + inUse + " of " + total + " in use)");
            }
        }
        return Optional.empty();
    }

    private String bar(int done, int total, int width) {
        int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        return (style.unicode() ? "█" : "#").repeat(filled) + (style.unicode() ? "░" : ".").repeat(width - filled);
    }

    /** {@code parts} joined by {@code sep} into lines of at most {@code width - 1} columns, continuation lines indented. */
    static List<String> wrap(List<String> parts, String sep, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        boolean empty = true;
        for (String p : parts) {
            String add = (empty ? "" : sep) + p;
            if (!empty && DisplayWidth.of(line + add) > width - 1) {
                lines.add(line.toString());
                line = new StringBuilder(indent.isEmpty() ? "  " : indent).append(p);
            } else {
                line.append(add);
            }
            empty = false;
        }
        if (!empty) {
            lines.add(line.toString());
        }
        return lines;
    }
}
