package dev.morph.app;

import dev.morph.discover.Experiment;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.OutsideInput;
import dev.morph.plan.Plan;
import java.util.ArrayList;
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
            return columns.stream().map(s -> cells.get(s.name())).toList(); // null where the step was not planned
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
        columns.forEach(s -> counts.put(s.name(), new EnumMap<>(Cell.class)));
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
                counts.get(s.name()).merge(cell, 1, Integer::sum);
                if (first == null && cell != Cell.UP_TO_DATE && cell != Cell.NOT_APPLICABLE) {
                    first = s.name();
                }
            }
            if (jobs.isEmpty()) {
                continue;
            }
            rows.add(new Row(e, jobs, cells));
            if (first != null) {
                holding.merge(first, 1, Integer::sum);
            }
        }
        // the step holding most experiments; on a tie the earliest column
        Optional<Bottleneck> bottleneck = columns.stream().map(Step::name).filter(holding::containsKey)
                .reduce((earlier, later) -> holding.get(later) > holding.get(earlier) ? later : earlier)
                .map(step -> new Bottleneck(step, holding.get(step), rows.size()));
        List<JobPlan> globals = plan.jobs().stream().filter(j -> j.id().isGlobal()).toList();
        return new StatusView(columns, rows, globals, counts, bottleneck, live, plan.outsideInputs());
    }

    public Cell globalCell(JobPlan j) {
        return live.apply(j.id()).orElse(Cell.of(j));
    }
}
