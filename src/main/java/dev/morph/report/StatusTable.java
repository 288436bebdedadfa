package dev.morph.report;

import dev.morph.app.Cell;
import dev.morph.app.StatusView;
import dev.morph.pipeline.Step;
import dev.morph.plan.FanIn;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Reason;
import dev.morph.text.ReasonText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code morph status} as a table: one row per experiment (or, past {@code maxRows}, one row per group
 * of experiments in the same state, so 300 experiments stay readable), the global steps, per-step
 * counts with percentages, the bottleneck, what blocks which experiment, the inputs outside the data
 * root, and notes.
 */
public final class StatusTable {
    private static final List<Cell> COUNTED = List.of(Cell.UP_TO_DATE, Cell.STALE, Cell.MISSING, Cell.BLOCKED,
            Cell.NOT_APPLICABLE, Cell.RUNNING, Cell.FAILED);
    /** The count columns shown even when no step has a job in them. */
    private static final Set<Cell> ALWAYS_COUNTED = EnumSet.of(Cell.UP_TO_DATE, Cell.STALE, Cell.MISSING, Cell.BLOCKED);

    private final Style style;
    private final ReasonText text;
    private final int maxRows;

    /** {@code maxRows}: rows listed one per experiment before grouping; {@code Integer.MAX_VALUE} for all. */
    public StatusTable(Style style, int maxRows) {
        this.style = style;
        this.text = new ReasonText(style.zone());
        this.maxRows = maxRows;
    }

    public void print(StatusView view, List<String> attributes, PrintWriter out) {
        if (view.rows().isEmpty() && view.globals().isEmpty()) {
            out.println("No experiments selected.");
            return;
        }
        if (!view.rows().isEmpty()) {
            matrix(view, attributes, out);
            out.println();
        }
        globals(view, out);
        summary(view, out);
        blocked(view, out);
        OutsideInputs.print(view.outsideInputs(), style, out);
        notes(view, out);
    }

    private void matrix(StatusView view, List<String> attributes, PrintWriter out) {
        List<StatusView.Row> rows = view.rows();
        boolean grouped = rows.size() > maxRows;
        int nameWidth = "EXPERIMENT".length();
        for (StatusView.Row r : rows) {
            nameWidth = Math.max(nameWidth, DisplayWidth.of(r.experiment().name()));
        }
        nameWidth = Math.min(nameWidth, 40);
        List<Integer> attrWidths = new ArrayList<>();
        StringBuilder header = new StringBuilder(pad(grouped ? "EXPERIMENTS" : "EXPERIMENT", nameWidth));
        for (String a : attributes) {
            int w = DisplayWidth.of(a);
            for (StatusView.Row r : rows) {
                w = Math.max(w, DisplayWidth.of(r.experiment().attributes().getOrDefault(a, "")));
            }
            attrWidths.add(grouped ? 0 : w);
            if (!grouped) {
                header.append("  ").append(pad(a.toUpperCase(Locale.ROOT), w));
            }
        }
        for (Step s : view.columns()) {
            header.append("  ").append(s.name());
        }
        out.println(style.bold(header.toString().stripTrailing()));
        if (!grouped) {
            for (StatusView.Row r : rows) {
                StringBuilder line = new StringBuilder(pad(clip(r.experiment().name(), nameWidth), nameWidth));
                for (int i = 0; i < attributes.size(); i++) {
                    line.append("  ").append(pad(r.experiment().attributes().getOrDefault(attributes.get(i), ""), attrWidths.get(i)));
                }
                out.println(line + cells(view, r.signature(view.columns())));
            }
        } else {
            Map<List<Cell>, List<String>> groups = new LinkedHashMap<>();
            for (StatusView.Row r : rows) {
                groups.computeIfAbsent(r.signature(view.columns()), k -> new ArrayList<>()).add(r.experiment().name());
            }
            for (Map.Entry<List<Cell>, List<String>> g : groups.entrySet()) {
                String label = RunSummary.words(g.getValue().size(), "experiment");
                out.println(pad(label, nameWidth) + cells(view, g.getKey()) + "   " + style.dim(names(g.getValue())));
            }
            out.println(style.dim("(" + rows.size() + " experiments grouped by state; --all lists each one)"));
        }
        StringBuilder legend = new StringBuilder("legend:");
        for (Cell c : COUNTED) {
            legend.append("  ").append(style.symbol(c)).append(' ').append(c.word());
        }
        out.println(style.dim(legend.toString()));
    }

    private String cells(StatusView view, List<Cell> signature) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < view.columns().size(); i++) {
            Cell c = signature.get(i);
            int w = DisplayWidth.of(view.columns().get(i).name());
            line.append("  ").append(c == null ? " " : style.symbol(c)).append(" ".repeat(w - 1));
        }
        return line.toString().stripTrailing();
    }

    private void globals(StatusView view, PrintWriter out) {
        if (view.globals().isEmpty()) {
            return;
        }
        int w = "GLOBAL STEP".length();
        for (JobPlan j : view.globals()) {
            w = Math.max(w, DisplayWidth.of(j.id().step()));
        }
        out.println(style.bold(pad("GLOBAL STEP", w) + "  " + pad("STATE", 10) + "  WHY"));
        for (JobPlan j : view.globals()) {
            Cell c = view.globalCell(j);
            out.println(pad(j.id().step(), w) + "  " + style.paint(c, pad(c.word(), 10)) + "  " + why(j));
            for (FanIn f : j.fanIns()) {
                String left = f.excluded().isEmpty() ? "" : "; left out: " + String.join(", ", limit(f.excluded().keySet(), 4));
                out.println(" ".repeat(w + 14) + style.dim("reads " + f.input() + " of " + f.included().size() + " of "
                        + (f.included().size() + f.excluded().size()) + " experiments" + left));
            }
        }
        out.println();
    }

    String why(JobPlan j) {
        if (j.state() == JobState.BLOCKED) {
            return "missing " + String.join(", ", j.missing());
        }
        List<String> parts = new ArrayList<>();
        List<Reason.UpstreamWillRun> upstream = new ArrayList<>();
        for (Reason r : j.reasons()) {
            if (r instanceof Reason.UpstreamWillRun u) {
                upstream.add(u);
            } else {
                parts.add(text.describe(r));
            }
        }
        if (upstream.size() == 1) {
            parts.add("upstream job " + upstream.get(0).upstream().shown() + " will run");
        } else if (upstream.size() > 1) {
            parts.add(upstream.size() + " upstream jobs will run");
        }
        return String.join("; ", parts);
    }

    private void summary(StatusView view, PrintWriter out) {
        if (view.rows().isEmpty()) {
            return;
        }
        List<Cell> shown = COUNTED.stream().filter(c -> ALWAYS_COUNTED.contains(c) || counted(view, c)).toList();
        int w = Math.max("STEP".length(), view.columns().stream().mapToInt(s -> DisplayWidth.of(s.name())).max().orElse(0));
        StringBuilder header = new StringBuilder(pad("STEP", w));
        for (Cell c : shown) {
            header.append("  ").append(pad(c.word().toUpperCase(Locale.ROOT), 11));
        }
        out.println(style.bold(header.toString().stripTrailing()));
        for (Step s : view.columns()) {
            Map<Cell, Integer> counts = view.counts().get(s.name());
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder line = new StringBuilder(pad(s.name(), w));
            for (Cell c : shown) {
                int n = counts.getOrDefault(c, 0);
                String cell = total == 0 ? "0" : n + " (" + Math.round(100.0 * n / total) + "%)";
                line.append("  ").append(n == 0 ? pad(cell, 11) : style.paint(c, pad(cell, 11)));
            }
            out.println(line.toString().stripTrailing());
        }
        view.bottleneck().ifPresentOrElse(
                b -> out.println("Bottleneck: " + style.bold(b.step()) + " is the first step not up to date for "
                        + b.experiments() + " of " + b.of() + " experiments."),
                () -> out.println(style.green("Every selected experiment is up to date.")));
    }

    /** Whether any step has a job in {@code cell}. */
    private static boolean counted(StatusView view, Cell cell) {
        return view.counts().values().stream().anyMatch(m -> m.getOrDefault(cell, 0) > 0);
    }

    private void blocked(StatusView view, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        for (StatusView.Row r : view.rows()) {
            for (JobPlan j : r.jobs().values()) {
                if (j.state() == JobState.BLOCKED && j.blockedBy().isEmpty()) {
                    lines.add(r.experiment().name() + ": " + j.id().step() + " misses " + String.join(", ", j.missing()));
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        out.println(style.red("Blocked:"));
        limit(lines, 10).forEach(l -> out.println("  " + l));
    }

    private void notes(StatusView view, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        for (StatusView.Row r : view.rows()) {
            for (JobPlan j : r.jobs().values()) {
                if (j.state() == JobState.UP_TO_DATE && !j.missing().isEmpty()) {
                    lines.add(j.id().shown() + " is up to date, but its input " + String.join(", ", j.missing()) + " is gone");
                }
            }
        }
        for (JobPlan j : view.globals()) {
            if (j.state() == JobState.UP_TO_DATE && !j.missing().isEmpty()) {
                lines.add(j.id().shown() + " is up to date, but its input " + String.join(", ", j.missing()) + " is gone");
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        out.println(style.dim("Notes:"));
        limit(lines, 10).forEach(l -> out.println(style.dim("  " + l)));
    }

    private static List<String> limit(Collection<String> items, int n) {
        List<String> out = new ArrayList<>(items.stream().limit(n).toList());
        if (items.size() > n) {
            out.add("… and " + (items.size() - n) + " more");
        }
        return out;
    }

    private static String names(List<String> names) {
        return String.join(", ", limit(names, 3));
    }

    /** Padded by display width, so names in any script (CJK takes two columns) line up. */
    private static String pad(String s, int width) {
        return DisplayWidth.pad(s, width);
    }

    private static String clip(String s, int width) {
        return DisplayWidth.fit(s, width);
    }
}
