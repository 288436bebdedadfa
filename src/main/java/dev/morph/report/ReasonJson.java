package dev.morph.report;

import dev.morph.plan.Reason;
import dev.morph.text.ReasonText;
import dev.morph.text.Times;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reasons as JSON objects: the {@code code}, the facts behind it, and the same sentence {@link ReasonText} prints. */
public final class ReasonJson {
    private final ReasonText text;

    public ReasonJson(ReasonText text) {
        this.text = text;
    }

    public Map<String, Object> tree(Reason reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", reason.code());
        if (reason instanceof Reason.MissingOutput r) {
            out.put("output", r.output());
        } else if (reason instanceof Reason.InputNewer r) {
            out.put("input", r.input());
            out.put("input_mtime", Times.iso(r.inputTime()));
            out.put("output", r.output());
            out.put("output_mtime", Times.iso(r.outputTime()));
        } else if (reason instanceof Reason.UpstreamWillRun r) {
            out.put("job", r.upstream().toString());
            out.put("root_job", r.rootJob() == null ? null : r.rootJob().toString());
            out.put("root_cause", r.rootCause() == null ? null : tree(r.rootCause()));
        } else if (reason instanceof Reason.Forced r) {
            out.put("option", r.option());
        } else if (reason instanceof Reason.Incomplete r) {
            out.put("last_status", r.lastStatus());
            out.put("run_id", r.runId());
        } else if (reason instanceof Reason.JournalUnreadable r) {
            out.put("problem", r.problem());
        } else if (reason instanceof Reason.CommandChanged r) {
            out.put("before", r.before());
            out.put("now", r.now());
        } else if (reason instanceof Reason.ParamsChanged r) {
            out.put("param", r.param());
            out.put("before", r.before());
            out.put("now", r.now());
        } else if (reason instanceof Reason.ExperimentSetChanged r) {
            out.put("added", r.added());
            out.put("removed", r.removed());
        } else if (reason instanceof Reason.InputChangedDuringBuild r) {
            out.put("input", r.input());
            out.put("input_mtime", Times.iso(r.inputTime()));
            out.put("build_start", Times.iso(r.buildStart()));
        }
        out.put("message", text.describe(reason));
        return out;
    }
}
