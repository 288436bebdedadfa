package dev.morph.report;

import dev.morph.text.ReasonText;
import dev.morph.app.Cell;
import dev.morph.app.StatusView;
import dev.morph.discover.ExperimentFinder;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code morph status --format json}: every cell with its reasons, the global jobs, the inputs outside the
 * data root, the folders discovery skipped, and the per-step summary.
 */
public final class StatusJson {
    private final ReasonJson reasons;

    /** Reasons in words with times in the style's zone. */
    public StatusJson(Style style) {
        this(new ReasonJson(new ReasonText(style.zone())));
    }

    public StatusJson(ReasonJson reasons) {
        this.reasons = reasons;
    }

    public Map<String, Object> tree(StatusView view, List<ExperimentFinder.Skipped> skipped) {
        List<Object> experiments = new ArrayList<>();
        for (StatusView.Row r : view.rows()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.experiment().name());
            e.put("attributes", r.experiment().attributes());
            e.put("date", r.experiment().date().map(Object::toString).orElse(null));
            Map<String, Object> steps = new LinkedHashMap<>();
            r.jobs().forEach((step, j) -> steps.put(step, job(j, r.cells().get(step))));
            e.put("steps", steps);
            experiments.add(e);
        }
        List<Object> globals = new ArrayList<>();
        for (JobPlan j : view.globals()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("step", j.id().step());
            g.putAll(job(j, view.globalCell(j)));
            if (!j.fanIns().isEmpty()) {
                g.put("experiments", PlanJson.fanIns(j));
            }
            globals.add(g);
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Step s : view.columns()) {
            Map<Cell, Integer> counts = view.counts().get(s.name());
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Object> one = new LinkedHashMap<>();
            for (Cell c : Cell.values()) {
                int n = counts.getOrDefault(c, 0);
                one.put(c.word().replace('-', '_').replace("n/a", "not_applicable"), n);
            }
            one.put("total", total);
            one.put("percent_up_to_date", total == 0 ? 0 : Math.round(1000.0 * counts.getOrDefault(Cell.UP_TO_DATE, 0) / total) / 10.0);
            steps.put(s.name(), one);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiments", view.rows().size());
        summary.put("steps", steps);
        summary.put("bottleneck", view.bottleneck().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", b.step());
            m.put("experiments", b.experiments());
            return (Object) m;
        }).orElse(null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiments", experiments);
        out.put("global", globals);
        out.put("outside_data_root", OutsideInputs.tree(view.outsideInputs()));
        out.put("skipped", skipped.stream().map(StatusJson::skipped).toList());
        out.put("summary", summary);
        return out;
    }

    /** A folder discovery skipped: where, why, and the experiment folders below it that were not taken. */
    private static Map<String, Object> skipped(ExperimentFinder.Skipped s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", s.path());
        m.put("reason", s.reason());
        m.put("folders", s.names());
        return m;
    }

    private Map<String, Object> job(JobPlan j, Cell cell) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", cell.word());
        out.put("reasons", j.reasons().stream().map(reasons::tree).toList());
        if (!j.missing().isEmpty()) {
            out.put("missing", j.missing());
        }
        if (!j.blockedBy().isEmpty()) {
            out.put("blocked_by", j.blockedBy().stream().map(Object::toString).toList());
        }
        return out;
    }
}
