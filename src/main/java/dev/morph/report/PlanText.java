package dev.morph.report;

import dev.morph.plan.CommandRenderer;
import dev.morph.plan.FanIn;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import dev.morph.plan.Reason;
import dev.morph.text.ReasonText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code morph plan} for people: each job to run, numbered in execution order, with every reason in
 * words and the command it would run; then the blocked jobs with what they miss; the inputs outside the
 * data root; then a count line.
 */
public final class PlanText {
    /** Upstream reasons beyond this many are summarised (a fan-in job can have hundreds). */
    private static final int UPSTREAM_SHOWN = 3;

    private final Style style;
    private final ReasonText text;
    private final CommandRenderer commands;

    public PlanText(Style style, CommandRenderer commands) {
        this.style = style;
        this.text = new ReasonText(style.zone());
        this.commands = commands;
    }

    public void print(Plan plan, String runId, PrintWriter out) {
        List<JobPlan> run = plan.toRun();
        int width = String.valueOf(Math.max(1, run.size())).length();
        for (int i = 0; i < run.size(); i++) {
            JobPlan j = run.get(i);
            out.println(style.bold(String.format("%" + width + "s. %s", i + 1, j.id().shown())));
            String indent = " ".repeat(width + 4);
            for (String why : reasons(j)) {
                out.println(indent + style.yellow("why: ") + why);
            }
            for (FanIn f : j.fanIns()) {
                out.println(indent + style.dim("reads " + f.input() + " of " + f.included().size() + " experiment(s)"
                        + (f.excluded().isEmpty() ? "" : "; left out: " + excluded(f))));
            }
            out.println(indent + style.dim("run: " + CommandRenderer.shellLine(commands.argv(j, runId))));
        }
        List<JobPlan> blocked = plan.inState(JobState.BLOCKED);
        if (!blocked.isEmpty()) {
            if (!run.isEmpty()) {
                out.println();
            }
            out.println(style.red("Blocked") + " — these would have to run but an input is missing and nothing in the plan makes it:");
            for (JobPlan j : blocked) {
                String by = j.blockedBy().isEmpty() ? ""
                        : " (via " + j.blockedBy().stream().map(JobId::shown).collect(Collectors.joining(", ")) + ")";
                out.println("  " + j.id().shown() + "  missing " + String.join(", ", j.missing()) + by);
            }
        }
        if (!plan.outsideInputs().isEmpty()) {
            if (!run.isEmpty() || !blocked.isEmpty()) {
                out.println();
            }
            OutsideInputs.print(plan.outsideInputs(), style, out);
        }
        if (!run.isEmpty() || !blocked.isEmpty() || !plan.outsideInputs().isEmpty()) {
            out.println();
        }
        out.println(countLine(plan));
    }

    /** {@code 12 jobs to run, 3 blocked, 20 up to date, 2 not applicable}. */
    public static String countLine(Plan plan) {
        long toRun = plan.count(JobState.STALE);
        StringBuilder s = new StringBuilder();
        s.append(toRun == 0 ? "Nothing to do" : RunSummary.words(toRun, "job") + " to run");
        s.append(", ").append(plan.count(JobState.BLOCKED)).append(" blocked");
        s.append(", ").append(plan.count(JobState.UP_TO_DATE)).append(" up to date");
        long na = plan.count(JobState.NOT_APPLICABLE);
        if (na > 0) {
            s.append(", ").append(na).append(" not applicable");
        }
        return s.append('.').toString();
    }

    /**
     * Own reasons one per line; upstream reasons grouped by the root cause they share, that is by the job
     * their chain started from (a root job's cause is its first reason, the same in every chain from it).
     */
    private List<String> reasons(JobPlan j) {
        List<String> out = new ArrayList<>();
        Map<JobId, List<Reason.UpstreamWillRun>> byCause = new LinkedHashMap<>();
        for (Reason r : j.reasons()) {
            if (r instanceof Reason.UpstreamWillRun u) {
                byCause.computeIfAbsent(u.rootJob(), k -> new ArrayList<>()).add(u);
            } else {
                out.add(text.describe(r));
            }
        }
        for (List<Reason.UpstreamWillRun> group : byCause.values()) {
            Reason.UpstreamWillRun first = group.get(0);
            if (group.size() == 1) {
                out.add(text.describe(first));
                continue;
            }
            String names = group.stream().limit(UPSTREAM_SHOWN).map(u -> u.upstream().shown()).collect(Collectors.joining(", "));
            String more = group.size() > UPSTREAM_SHOWN ? " and " + (group.size() - UPSTREAM_SHOWN) + " more" : "";
            String because = text.rootCause(null, first.rootJob(), first.rootCause());
            out.add(group.size() + " upstream jobs will run: " + names + more + because);
        }
        return out;
    }

    private static String excluded(FanIn f) {
        List<String> parts = new ArrayList<>();
        f.excluded().forEach((exp, why) -> parts.add(exp + " (" + ReasonText.describe(why) + ")"));
        if (parts.size() > 5) {
            int more = parts.size() - 5;
            parts.subList(5, parts.size()).clear();
            parts.add("and " + more + " more");
        }
        return String.join(", ", parts);
    }
}
