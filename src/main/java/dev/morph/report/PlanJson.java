package dev.morph.report;

import dev.morph.artifact.Artifact;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.FanIn;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import dev.morph.text.ReasonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code morph plan --format json}: {@code jobs} to run in execution order with reasons and command,
 * {@code blocked} jobs with their missing inputs, the inputs {@code outside_data_root} the jobs read,
 * and a {@code summary} of counts.
 */
public final class PlanJson {
    private final ReasonJson reasons;
    private final CommandRenderer commands;

    /** Reasons in words with times in the style's zone; commands as they run on the data root. */
    public PlanJson(Style style, CommandRenderer commands) {
        this(new ReasonJson(new ReasonText(style.zone())), commands);
    }

    public PlanJson(ReasonJson reasons, CommandRenderer commands) {
        this.reasons = reasons;
        this.commands = commands;
    }

    public Map<String, Object> tree(Plan plan, String runId) {
        List<Object> jobs = new ArrayList<>();
        for (JobPlan j : plan.toRun()) {
            Map<String, Object> job = identity(j);
            job.put("reasons", j.reasons().stream().map(reasons::tree).toList());
            job.put("command", commands.argv(j, runId));
            job.put("workdir", commands.workdir(j, runId).toString());
            job.put("outputs", j.job().outputs().stream().map(Artifact::display).toList());
            job.put("depends_on", plan.upstreamOf(j.id()).stream().filter(d -> plan.job(d).map(JobPlan::willRun).orElse(false))
                    .map(Object::toString).sorted().toList());
            if (!j.fanIns().isEmpty()) {
                job.put("experiments", fanIns(j));
            }
            jobs.add(job);
        }
        List<Object> blocked = new ArrayList<>();
        for (JobPlan j : plan.inState(JobState.BLOCKED)) {
            Map<String, Object> job = identity(j);
            job.put("missing", j.missing());
            job.put("blocked_by", j.blockedBy().stream().map(Object::toString).toList());
            job.put("reasons", j.reasons().stream().map(reasons::tree).toList());
            blocked.add(job);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        out.put("blocked", blocked);
        out.put("outside_data_root", OutsideInputs.tree(plan.outsideInputs()));
        out.put("summary", summary(plan));
        return out;
    }

    static Map<String, Object> identity(JobPlan j) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", j.id().toString());
        job.put("step", j.id().step());
        job.put("experiment", j.id().experiment());
        return job;
    }

    public static Map<String, Object> fanIns(JobPlan j) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FanIn f : j.fanIns()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("included", f.included());
            Map<String, String> excluded = new LinkedHashMap<>();
            f.excluded().forEach((exp, why) -> excluded.put(exp, ReasonText.describe(why)));
            one.put("excluded", excluded);
            out.put(f.input(), one);
        }
        return out;
    }

    static Map<String, Object> summary(Plan plan) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("to_run", plan.count(JobState.STALE));
        s.put("blocked", plan.count(JobState.BLOCKED));
        s.put("up_to_date", plan.count(JobState.UP_TO_DATE));
        s.put("not_applicable", plan.count(JobState.NOT_APPLICABLE));
        s.put("total", plan.jobs().size());
        return s;
    }
}
