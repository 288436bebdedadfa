package dev.morph.journal;

import java.util.List;
import java.util.Map;

/**
 * What the journal remembers of a job's last execution (one JSON file per job, see
 * {@link dev.morph.state.StateLayout}). Written {@code running} when the job starts (run ID, host, pid,
 * start time, command, params, newest input mtime, experiment set), then {@code succeeded} with the
 * output mtimes, or {@code failed} / {@code interrupted}. Times are file-system times in ns.
 *
 * @param commandTemplate the step's command as written in the pipeline, to tell a changed command from
 *                        changed params or experiments (each has its own rerun trigger)
 * @param experiments     for a fan-in job, the experiments its inputs included; otherwise null
 */
public record JobRecord(
        String job,
        String step,
        String experiment,
        String status,
        String runId,
        String host,
        long pid,
        int attempt,
        long startedNs,
        Long endedNs,
        List<String> command,
        List<String> commandTemplate,
        Map<String, String> params,
        long newestInputNs,
        String newestInput,
        Map<String, Long> outputs,
        List<String> experiments,
        Integer exitCode,
        String reasonCode,
        String message) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    /** This record, finished with {@code status} at {@code endedNs}. */
    public JobRecord finish(String newStatus, long ended, Map<String, Long> outputMtimes, Integer exit, String reason, String text) {
        return new JobRecord(job, step, experiment, newStatus, runId, host, pid, attempt, startedNs, ended, command,
                commandTemplate, params, newestInputNs, newestInput, outputMtimes, experiments, exit, reason, text);
    }
}
