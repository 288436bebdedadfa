package dev.morph.report;

import dev.morph.discover.Experiment;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.OutsideInput;
import dev.morph.plan.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The experiments × steps matrix behind {@code morph status}, computed once and rendered as a table
 * or JSON: a cell per job, the global jobs, per-step counts, the bottleneck — the step that is the
 * first one not up to date for the most experiments — and the inputs outside the data root.
 */
public record StatusView(List<Step> columns, List<Row> rows, List<JobPlan> globals, Map<String, Map<Cell, Integer>> counts,
                         Optional<Bottleneck> bottleneck, Function<JobId, Optional<Cell>> live, List<OutsideInput> outsideInputs) {

    /** One experiment's row: its job per step (absent when the step was not planned) and the cell shown. */
    public record Row(Experiment experiment, Map<String, JobPlan> jobs, Map<String, Cell> cells) {
        /** The cells in column order, for grouping rows that look alike. */
        public List<Cell> signature(List<Step> columns) {
            List<Cell> out = new ArrayList<>(columns.size());
            for (Step s : columns) {
                out.add(cells.get(s.name()));
            }
            return Collections.unmodifiableList(out);
        }
    }

    public record Bottleneck(String step, int experiments, int of) {
    }

    /**
     * @param columns the per-experiment steps in dependency order
     * @param live    the journal's view of jobs running now or whose last attempt failed
     */
    public static StatusView of(Plan plan, List<Experiment> experiments, List<Step> columns, Function<JobId, Optional<Cell>> live) {
        List<Row> rows = new ArrayList<>();
        Map<String, Map<Cell, Integer>> counts = new LinkedHashMap<>();
        for (Step s : columns) {
            counts.put(s.name(), new EnumMap<>(Cell.class));
        }
        Map<String, Integer> holding = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            Map<String, JobPlan> jobs = new LinkedHashMap<>();
            Map<String, Cell> cells = new LinkedHashMap<>();
            String first = null;
            for (Step s : columns) {
                JobId id = new JobId(s.name(), e.name());
                Optional<JobPlan> j = plan.job(id);
                if (j.isEmpty()) {
                    continue;
                }
                Cell cell = live.apply(id).orElse(Cell.of(j.get()));
                jobs.put(s.name(), j.get());
                cells.put(s.name(), cell);
                Map<Cell, Integer> count = counts.get(s.name());
                Integer before = count.get(cell);
                count.put(cell, before == null ? 1 : before + 1);
                if (first == null && cell != Cell.UP_TO_DATE && cell != Cell.NOT_APPLICABLE) {
                    first = s.name();
                }
            }
            if (jobs.isEmpty()) {
                continue;
            }
            rows.add(new Row(e, jobs, cells));
            if (first != null) {
                holding.put(first, holding.getOrDefault(first, 0) + 1);
            }
        }
        // the step holding most experiments; on a tie the earliest column (loops: streams cost a cold start)
        Map.Entry<String, Integer> most = null;
        for (Map.Entry<String, Integer> x : holding.entrySet()) {
            if (most == null || x.getValue() > most.getValue()
                    || x.getValue().equals(most.getValue()) && indexOf(columns, x.getKey()) < indexOf(columns, most.getKey())) {
                most = x;
            }
        }
        Optional<Bottleneck> bottleneck = most == null ? Optional.empty()
                : Optional.of(new Bottleneck(most.getKey(), most.getValue(), rows.size()));
        List<JobPlan> globals = new ArrayList<>();
        for (JobPlan j : plan.jobs()) {
            if (j.id().isGlobal()) {
                globals.add(j);
            }
        }
        globals = Collections.unmodifiableList(globals);
        return new StatusView(columns, rows, globals, counts, bottleneck, live, plan.outsideInputs());
    }

    private static int indexOf(List<Step> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Cell globalCell(JobPlan j) {
        return live.apply(j.id()).orElse(Cell.of(j));
    }
}
