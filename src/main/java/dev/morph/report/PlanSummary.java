package dev.morph.report;

import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import dev.morph.plan.Reason;
import dev.morph.text.ReasonText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code morph plan} by default, readable on a lab's data root: a table of steps with how many jobs run,
 * are blocked, up to date or not applicable; the root causes — the jobs that run for a reason of their
 * own, grouped by step and reason code with one example in words — and how many run only because
 * upstream jobs do; what blocked jobs miss; then the count line. {@code --explain} shows {@link PlanText}.
 */
public final class PlanSummary {
    private static final int BLOCKED_SHOWN = 5;
    private static final int EXAMPLES = 3;

    private final Style style;
    private final ReasonText text;

    public PlanSummary(Style style) {
        this.style = style;
        this.text = new ReasonText(style.zone());
    }

    public void print(Plan plan, Pipeline pipeline, PrintWriter out) {
        Map<String, Map<JobState, Integer>> table = new LinkedHashMap<>();
        StepGraph.of(pipeline).topologicalOrder().forEach(s -> table.put(s.name(), new EnumMap<>(JobState.class)));
        plan.jobs().forEach(j -> table.get(j.id().step()).merge(j.state(), 1, Integer::sum));
        table.values().removeIf(Map::isEmpty);
        int nameWidth = Math.max(4, table.keySet().stream().mapToInt(DisplayWidth::of).max().orElse(4));
        out.println(style.bold(DisplayWidth.pad("STEP", nameWidth) + "  " + String.format("%6s  %7s  %10s  %3s", "RUN", "BLOCKED", "UP TO DATE", "N/A")));
        table.forEach((step, n) -> out.println(DisplayWidth.pad(step, nameWidth) + "  " + String.format("%6s  %7s  %10s  %3s",
                count(n, JobState.STALE), count(n, JobState.BLOCKED), count(n, JobState.UP_TO_DATE), count(n, JobState.NOT_APPLICABLE))));
        rootCauses(plan, out);
        blocked(plan, out);
        if (!plan.outsideInputs().isEmpty()) {
            out.println();
            OutsideInputs.print(plan.outsideInputs(), style, out);
        }
        out.println();
        out.println(PlanText.countLine(plan) + (plan.toRun().isEmpty() ? "" : " Each job's reasons and command: --explain (or -v)."));
    }

    private static String count(Map<JobState, Integer> n, JobState state) {
        int c = n.getOrDefault(state, 0);
        return c == 0 ? "·" : String.valueOf(c);
    }

    /** Jobs with a reason of their own, by step and reason code (a job with several counts under each). */
    private void rootCauses(Plan plan, PrintWriter out) {
        Map<String, List<JobPlan>> byCause = new LinkedHashMap<>();
        Map<String, Reason> example = new LinkedHashMap<>();
        int onlyUpstream = 0;
        for (JobPlan j : plan.toRun()) {
            List<Reason> own = j.reasons().stream().filter(r -> !(r instanceof Reason.UpstreamWillRun)).toList();
            if (own.isEmpty()) {
                onlyUpstream++;
            }
            for (Reason r : own) {
                String key = j.id().step() + " " + r.code();
                List<JobPlan> jobs = byCause.computeIfAbsent(key, k -> new ArrayList<>());
                // a job's reasons come together: one with two missing outputs is one job, not two
                if (jobs.isEmpty() || jobs.get(jobs.size() - 1) != j) {
                    jobs.add(j);
                }
                example.putIfAbsent(key, r);
            }
        }
        if (byCause.isEmpty()) {
            return;
        }
        out.println();
        out.println(style.yellow("Why they run") + " (root causes):");
        byCause.forEach((key, jobs) -> {
            String[] stepAndCode = key.split(" ", 2);
            String who = jobs.size() == 1 ? JobIds.shown(jobs.get(0).id())
                    : RunSummary.words(jobs.size(), stepAndCode[0] + " job") + " (" + String.join(", ", jobs.stream().limit(EXAMPLES)
                    .map(j -> j.id().isGlobal() ? j.id().step() : j.id().experiment()).toList()) + (jobs.size() > EXAMPLES ? ", …" : "") + ")";
            out.println("  " + who + "  " + stepAndCode[1]);
            out.println("      " + style.dim("e.g. " + text.describe(example.get(key))));
        });
        if (onlyUpstream > 0) {
            out.println("  " + RunSummary.words(onlyUpstream, "job") + " run only because upstream jobs do");
        }
    }

    private void blocked(Plan plan, PrintWriter out) {
        List<JobPlan> blocked = plan.inState(JobState.BLOCKED);
        List<JobPlan> roots = blocked.stream().filter(j -> !j.missing().isEmpty() && j.blockedBy().isEmpty()).toList();
        if (blocked.isEmpty()) {
            return;
        }
        out.println();
        out.println(style.red("Blocked") + ": " + RunSummary.words(blocked.size(), "job") + " cannot run; missing inputs:");
        List<JobPlan> shown = roots.isEmpty() ? blocked : roots;
        shown.stream().limit(BLOCKED_SHOWN).forEach(j -> out.println("  " + JobIds.shown(j.id()) + "  missing " + String.join(", ", j.missing())));
        if (shown.size() > BLOCKED_SHOWN) {
            out.println("  … and " + (shown.size() - BLOCKED_SHOWN) + " more");
        }
        if (shown.size() < blocked.size()) {
            out.println("  (" + RunSummary.words(blocked.size() - shown.size(), "job") + " downstream of these)");
        }
    }
}
