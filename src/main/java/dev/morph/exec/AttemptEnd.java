package dev.morph.exec;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Usage;
import dev.morph.pipeline.Resources;
import dev.morph.plan.JobPlan;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one attempt's end means for its journal record: the status, the outputs' mtimes (on success),
 * the exit code, and a reason and message when it did not succeed.
 */
record AttemptEnd(JobStatus status, Map<String, Long> outputs, Integer code, JobReason reason, String message, Usage usage) {
    AttemptEnd(JobStatus status, Map<String, Long> outputs, Integer code, JobReason reason, String message) {
        this(status, outputs, code, reason, message, null);
    }

    /** A failure decided before or without an exit (could not start, could not adopt). */
    static AttemptEnd failed(JobReason reason, String message) {
        return new AttemptEnd(JobStatus.FAILED, Map.of(), null, reason, message);
    }

    /**
     * The verdict on a process that ended: interrupted if the user stopped the run, failed on a non-zero
     * (or lost) exit, failed when it exited 0 without creating every output, else succeeded with the
     * outputs' mtimes as {@code probe} sees them now.
     */
    static AttemptEnd of(JobPlan jp, JobRunner.Exit exit, boolean userInterrupt, ArtifactProbe probe) {
        AttemptEnd end = verdict(jp, exit, userInterrupt, probe);
        if (exit.usage() == null) {
            return end;
        }
        Resources asked = jp.job().step().resources();
        Usage used = exit.usage().requested(asked.amounts().get(Resources.CPUS),
                asked.amounts().containsKey(Resources.MEM_MB) ? asked.get(Resources.MEM_MB) * 1024 * 1024 : null);
        return new AttemptEnd(end.status, end.outputs, end.code, end.reason, end.message, used);
    }

    private static AttemptEnd verdict(JobPlan jp, JobRunner.Exit exit, boolean userInterrupt, ArtifactProbe probe) {
        if (userInterrupt) {
            return new AttemptEnd(JobStatus.INTERRUPTED, Map.of(), exit.code(), JobReason.INTERRUPTED, "interrupted by the user");
        }
        if (!exit.ok()) {
            JobReason reason = exit.reason() != null ? exit.reason() : JobReason.EXIT_NONZERO;
            String message = exit.message() != null ? exit.message() : "exited with code " + exit.code();
            return new AttemptEnd(JobStatus.FAILED, Map.of(), exit.code(), reason, message);
        }
        Map<String, Long> outputs = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Artifact out : jp.job().outputs()) {
            Observation o = probe.observe(out);
            if (o.exists()) {
                outputs.put(out.display(), o.mtime());
            } else {
                missing.add(out.display());
            }
        }
        if (!missing.isEmpty()) {
            return new AttemptEnd(JobStatus.FAILED, Map.of(), 0, JobReason.OUTPUT_NOT_CREATED,
                    "exited 0 but did not create " + String.join(", ", missing));
        }
        return new AttemptEnd(JobStatus.SUCCEEDED, outputs, 0, null, null);
    }

    /** The journal's outcome of the attempt, ended at {@code endedNs}. */
    JobRecord.Outcome record(long endedNs) {
        return new JobRecord.Outcome(status, endedNs, outputs, code, reason, message, usage);
    }
}
