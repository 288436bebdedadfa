package dev.morph.text;

import dev.morph.plan.FanIn;
import dev.morph.plan.JobId;
import dev.morph.plan.Reason;
import java.util.List;

/** Puts reasons into words a person understands: which input, which output, both times. */
public final class ReasonText {
    private final Zone zone;

    /** Times are shown in {@code zone}. */
    public ReasonText(Zone zone) {
        this.zone = zone;
    }

    public String describe(Reason reason) {
        if (reason instanceof Reason.MissingOutput r) {
            return "output " + r.output() + " does not exist";
        } else if (reason instanceof Reason.InputNewer r) {
            return "input " + r.input() + " (" + time(r.inputTime()) + ") is newer than output " + r.output()
                    + " (" + time(r.outputTime()) + ")";
        } else if (reason instanceof Reason.UpstreamWillRun r) {
            return "upstream job " + r.upstream().shown() + " will run" + rootCause(r.upstream(), r.rootJob(), r.rootCause());
        } else if (reason instanceof Reason.Forced r) {
            return "forced by " + r.option();
        } else if (reason instanceof Reason.Incomplete r) {
            return "its last execution did not succeed (" + r.lastStatus() + (r.runId() == null ? "" : " in run " + r.runId()) + ")";
        } else if (reason instanceof Reason.JournalUnreadable r) {
            return "its last execution is unknown: " + r.problem();
        } else if (reason instanceof Reason.CommandChanged r) {
            return "the command changed since its outputs were built (was: " + String.join(" ", r.before()) + ")";
        } else if (reason instanceof Reason.ParamsChanged r) {
            return "param " + r.param() + " changed from '" + r.before() + "' to '" + r.now() + "' since its outputs were built";
        } else if (reason instanceof Reason.ExperimentSetChanged r) {
            return "the experiments it reads changed since its outputs were built" + list(" added", r.added()) + list(" removed", r.removed());
        } else if (reason instanceof Reason.InputChangedDuringBuild r) {
            return "input " + r.input() + " changed (" + time(r.inputTime()) + ") after its last execution started ("
                    + time(r.buildStart()) + ")";
        }
        throw new IllegalArgumentException("unknown reason " + reason);
    }

    /** Why an experiment is left out of a fan-in input, in words: {@code missing x.csv}, {@code blocked: missing y.csv}. */
    public static String describe(FanIn.Exclusion exclusion) {
        if (exclusion instanceof FanIn.Exclusion.Blocked b) {
            return "blocked: missing " + String.join(", ", b.missing());
        }
        return "missing " + ((FanIn.Exclusion.Missing) exclusion).path();
    }

    /** {@code " (root cause: build01/x: output … does not exist)"}, or nothing when upstream is the root. */
    public String rootCause(JobId upstream, JobId rootJob, Reason rootCause) {
        if (rootJob == null || rootCause == null) {
            return "";
        }
        String who = rootJob.equals(upstream) ? "" : rootJob.shown() + ": ";
        return " (because " + who + describe(rootCause) + ")";
    }

    private String time(long nanos) {
        return Times.text(nanos, zone);
    }

    private static String list(String label, List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        return ";" + label + " " + String.join(", ", names);
    }
}
