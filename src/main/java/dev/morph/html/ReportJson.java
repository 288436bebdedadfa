package dev.morph.html;

import dev.morph.app.Cell;
import dev.morph.app.ReportService;
import dev.morph.app.StatusView;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Usage;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.plan.Reason;
import dev.morph.report.GraphFormat;
import dev.morph.report.PlanJson;
import dev.morph.report.UsageTable;
import dev.morph.run.RunState;
import dev.morph.text.ReasonText;
import dev.morph.text.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The report's data as one JSON tree that the page's script renders: the states and their colours, the
 * matrix (a row per experiment, a state index per step), each job's details (texts by index into a table), the global jobs with their
 * fan-in, per-step counts and the runs with their timelines. Names appear only as JSON strings, which the
 * script puts into the page as text, never as markup.
 */
public final class ReportJson {
    private final ReasonText words;

    public ReportJson(Zone zone) {
        this.words = new ReasonText(zone);
    }

    public Map<String, Object> tree(ReportService.Report report, long nowMs) {
        StatusView view = report.status().view();
        Plan plan = report.status().plan();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pipeline", report.status().workspace().pipeline().name());
        out.put("root", report.status().workspace().root().toString());
        out.put("generated", nowMs);
        out.put("states", Arrays.stream(Cell.values()).map(c -> List.of(c.word(), c.unicode(), GraphFormat.color(c))).toList());
        out.put("steps", view.columns().stream().map(Step::name).toList());
        List<Object> rows = new ArrayList<>();
        for (StatusView.Row r : view.rows()) {
            List<Integer> cells = view.columns().stream().map(s -> r.cells().containsKey(s.name()) ? r.cells().get(s.name()).ordinal() : -1).toList();
            rows.add(List.of(r.experiment().name(), cells));
        }
        out.put("rows", rows);
        List<Object> globals = new ArrayList<>();
        for (JobPlan g : view.globals()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("step", g.id().step());
            one.put("state", view.globalCell(g).ordinal());
            if (!g.fanIns().isEmpty()) {
                one.put("fanIn", PlanJson.fanIns(g));
            }
            globals.add(one);
        }
        out.put("globals", globals);
        Map<String, Object> jobs = new LinkedHashMap<>();
        Strings strings = new Strings();
        report.jobs().forEach((id, facts) -> plan.job(id).ifPresent(j -> jobs.put(id.toString(), job(j, facts, plan, strings))));
        out.put("strings", strings.all);
        out.put("jobs", jobs);
        Function<String, List<String>> upstream = id -> plan.upstreamOf(JobId.parse(id)).stream().map(JobId::toString).toList();
        out.put("runs", report.runs().stream().map(r -> run(r, usage(r, report), nowMs, upstream)).toList());
        out.put("warnings", report.warnings());
        return out;
    }

    private Map<String, Object> job(JobPlan j, ReportService.JobFacts facts, Plan plan, Strings strings) {
        String exp = j.id().experiment();
        Map<String, Object> out = new LinkedHashMap<>();
        if (!j.reasons().isEmpty()) {
            out.put("reasons", j.reasons().stream().map(r -> strings.of(words.describe(r), exp)).toList());
            out.put("chain", chain(j, plan).stream().map(c -> c.stream().map(t -> strings.of(t, exp)).toList()).toList());
        }
        if (!j.missing().isEmpty()) {
            out.put("missing", j.missing().stream().map(m -> strings.of(m, exp)).toList());
        }
        if (!j.blockedBy().isEmpty()) {
            out.put("blockedBy", j.blockedBy().stream().map(b -> strings.of(b.toString(), exp)).toList());
        }
        out.put("in", facts.inputs().stream().map(x -> Arrays.asList(strings.of(x.input(), exp), strings.of(x.path(), exp),
                time(x.observation().exists(), x.observation().mtime()))).toList());
        out.put("out", facts.outputs().stream().map(x -> Arrays.asList(strings.of(x.path(), exp),
                time(x.observation().exists(), x.observation().mtime()))).toList());
        facts.last().ifPresent(r -> out.put("last", last(r)));
        if (!facts.logTail().isEmpty()) {
            out.put("tail", facts.logTail());
        }
        return out;
    }

    /** Why, from this job back to where it started: each job on the way and its first reason, ending at the root cause. */
    private List<List<String>> chain(JobPlan j, Plan plan) {
        List<List<String>> chain = new ArrayList<>();
        Set<JobId> seen = new HashSet<>();
        JobPlan at = j;
        while (at != null && seen.add(at.id())) {
            Reason.UpstreamWillRun up = at.reasons().stream().filter(Reason.UpstreamWillRun.class::isInstance)
                    .map(Reason.UpstreamWillRun.class::cast).findFirst().orElse(null);
            if (up == null) {
                JobPlan root = at;
                root.reasons().stream().findFirst().ifPresent(r -> chain.add(List.of(root.id().toString(), r.code(), words.describe(r))));
                break;
            }
            chain.add(List.of(at.id().toString(), up.code(), "upstream job " + up.upstream() + " will run"));
            at = plan.job(up.upstream()).orElse(null);
        }
        return chain;
    }

    private static Map<String, Object> last(JobRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", r.attempt().runId());
        out.put("attempt", r.attempt().number());
        out.put("status", r.status().toString());
        out.put("started", r.attempt().startedNs() / 1_000_000);
        if (r.outcome().endedNs() != null) {
            out.put("durationMs", (r.outcome().endedNs() - r.attempt().startedNs()) / 1_000_000);
        }
        out.put("exit", r.outcome().exitCode());
        if (r.outcome().message() != null) {
            out.put("message", r.outcome().message());
        }
        Usage u = r.outcome().usage();
        if (u != null) {
            out.put("usage", Arrays.asList(u.wallMs(), u.cpuMs(), u.peakBytes(), u.cpus(), u.memBytes()));
        }
        return out;
    }

    /** What the run's jobs used, from their last executions when those were of this run. */
    private static Map<String, Usage> usage(RunState r, ReportService.Report report) {
        Map<String, Usage> out = new LinkedHashMap<>();
        for (RunState.JobEntry j : r.jobs()) {
            ReportService.JobFacts f = report.jobs().get(JobId.parse(j.id()));
            if (f != null) {
                f.last().filter(l -> l.attempt().runId().equals(r.runId()) && l.outcome().usage() != null)
                        .ifPresent(l -> out.put(j.id(), l.outcome().usage()));
            }
        }
        return out;
    }

    private static Map<String, Object> run(RunState r, Map<String, Usage> usage, long nowMs, Function<String, List<String>> upstream) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.runId());
        out.put("status", r.status().toString());
        out.put("reason", r.outcome().reason() == null ? null : r.outcome().reason().toString());
        out.put("message", r.outcome().message());
        RunState.Metrics m = r.metrics();
        out.put("metrics", m == null ? null : List.of(m.jobsTotal(), m.completed(), m.failed(), m.skipped(), m.running(), m.remaining()));
        Timeline t = Timeline.of(r, nowMs, upstream);
        out.put("start", t.startMs());
        out.put("end", t.endMs());
        out.put("ended", r.span().endedAt() != null);
        out.put("lanes", t.lanes());
        out.put("bars", t.bars().stream().map(b -> Arrays.asList(b.job().id(), b.job().step(), b.lane(), b.startMs(), b.endMs(), b.waitMs(),
                b.job().status().toString(), b.job().outcome().exitCode(), b.job().attempts())).toList());
        out.put("progress", progress(r));
        Map<String, Object> steps = new LinkedHashMap<>();
        UsageTable.byStep(usage).forEach((step, u) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("n", u.jobs());
            one.put("wall", UsageTable.list(u.wallMs()));
            one.put("cpu", UsageTable.list(u.cpuMs()));
            one.put("peak", UsageTable.list(u.peakBytes()));
            one.put("cpus", u.cpus());
            one.put("memBytes", u.memBytes());
            one.put("cpuRatio", u.cpuPerWall());
            steps.put(step, one);
        });
        out.put("usage", steps);
        return out;
    }

    /** Per step: how many of the run's jobs are done, failed, running and how many in all. */
    private static Map<String, List<Integer>> progress(RunState r) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (RunState.JobEntry j : r.jobs()) {
            List<Integer> counts = out.computeIfAbsent(j.step(), s -> new ArrayList<>(List.of(0, 0, 0, 0)));
            switch (j.status()) {
                case SUCCEEDED -> counts.set(0, counts.get(0) + 1);
                case FAILED, INTERRUPTED, SKIPPED -> counts.set(1, counts.get(1) + 1);
                case RUNNING -> counts.set(2, counts.get(2) + 1);
                default -> { }
            }
            counts.set(3, counts.get(3) + 1);
        }
        return out;
    }

    /**
     * The texts of the jobs' details, each kept once: with its job's experiment name replaced by NUL (which
     * no path or name holds) most texts are the same for every experiment of a step, and a job refers to
     * them by index. Keeps the report of 1,000 experiments a few MB.
     */
    private static final class Strings {
        static final String EXP = "\0";
        final List<String> all = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();

        int of(String text, String experiment) {
            String key = experiment == null || text == null ? text : text.replace(experiment, EXP);
            return index.computeIfAbsent(key == null ? "" : key, k -> {
                all.add(k);
                return all.size() - 1;
            });
        }
    }

    private static Long time(boolean exists, long ns) {
        return exists ? ns / 1_000_000 : null;
    }
}
