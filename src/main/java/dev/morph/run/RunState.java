package dev.morph.run;

import java.util.List;
import java.util.Map;

/**
 * A run's record, {@code .morph/runs/RUN_ID/state.json}: status and reason code, the invocation (so
 * {@code --resume} can repeat it), metrics, one entry per job, the blocked jobs, a status history, and
 * a heartbeat. Times are ISO-8601 from the orchestrator's clock (for people); staleness never uses them.
 */
public record RunState(
        String runId,
        String status,
        String reasonCode,
        String message,
        String pipeline,
        String dataRoot,
        InvocationRecord invocation,
        Owner owner,
        String resumeOf,
        String executor,
        String startedAt,
        String endedAt,
        String heartbeatAt,
        Metrics metrics,
        List<JobEntry> jobs,
        List<BlockedEntry> blocked,
        List<HistoryEntry> history,
        String resumeCommand) {

    public static final String IN_PROGRESS = "in-progress";
    public static final String COMPLETED = "completed";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    /** One job of the run. {@code status}: pending, running, succeeded, failed, skipped, interrupted. */
    public record JobEntry(String id, String step, String experiment, List<ReasonEntry> reasons, String status,
                           String reasonCode, String message, int attempts, String startedAt, String endedAt,
                           Integer exitCode, String log, Long pid, String executorId, String executorState) {
        /** A job about to run: pending, nothing tried yet. */
        public static JobEntry pending(String id, String step, String experiment, List<ReasonEntry> reasons) {
            return new JobEntry(id, step, experiment, reasons, "pending", null, null, 0, null, null, null, null, null, null, null);
        }

        /** This job, now with an attempt running (the first start time is kept). */
        public JobEntry running(int attempt, String now, String logPath, Long processId, String handle) {
            return new JobEntry(id, step, experiment, reasons, "running", null, null, attempt, startedAt == null ? now : startedAt,
                    null, null, logPath, processId, handle, null);
        }

        /** This job with a new status and its reason; {@code ended} null while it is not over. */
        public JobEntry with(String newStatus, String reason, String text, int tries, String ended, Integer code) {
            return new JobEntry(id, step, experiment, reasons, newStatus, reason, text, tries, startedAt, ended, code, log, pid,
                    executorId, executorState);
        }

        /** This job with the scheduler's current state of it. */
        public JobEntry withExecutorState(String state) {
            return new JobEntry(id, step, experiment, reasons, status, reasonCode, message, attempts, startedAt, endedAt, exitCode,
                    log, pid, executorId, state);
        }
    }

    public record ReasonEntry(String code, String message) {
    }

    public record Metrics(int jobsTotal, int completed, int failed, int skipped, int running, int remaining, int attempts,
                          int retries, double retryRate, Double successRate, Long durationMs) {
    }

    public record HistoryEntry(String at, String status, String reasonCode, String message) {
    }

    public record BlockedEntry(String id, List<String> missing) {
    }

    /** What the user asked for, as given: enough to repeat the run. */
    public record InvocationRecord(List<String> targets, boolean only, List<String> experiments, String laterThan,
                                   String earlierThan, boolean force, List<String> forceSteps, Map<String, String> params,
                                   List<String> rerunTriggers, int jobs, String resources, int retries, boolean failFast,
                                   String timeout, String executor) {
    }

    public boolean inProgress() {
        return IN_PROGRESS.equals(status);
    }
}
