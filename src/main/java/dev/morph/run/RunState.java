package dev.morph.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * A run's record, {@code .morph/runs/RUN_ID/state.json}: how the run stands (status, reason code,
 * message), where it came from (pipeline, data root, the invocation so {@code --resume} can repeat it,
 * its owner), when it ran and its heartbeat, metrics, one entry per job, the blocked jobs, a status
 * history and, once stopped, how to resume it. Times are ISO-8601 from the orchestrator's clock (for
 * people); staleness never uses them. {@link RunStateJson} keeps the file's flat layout.
 */
@JsonSerialize(converter = RunStateJson.ToFile.class)
@JsonDeserialize(converter = RunStateJson.FromFile.class)
public record RunState(String runId, Outcome outcome, Origin origin, Span span, String heartbeatAt, Metrics metrics,
                       List<JobEntry> jobs, List<BlockedEntry> blocked, List<HistoryEntry> history, String resumeCommand) {

    /** How the run stands, and why. */
    public record Outcome(RunStatus status, RunReason reason, String message) {
    }

    /** What started the run: the pipeline file, the data root, the invocation, its owner, the run it resumes and the executor. */
    public record Origin(String pipeline, String dataRoot, InvocationRecord invocation, Owner owner, String resumeOf, String executor) {
    }

    /** When something started and ended (null while it goes on), ISO-8601. */
    public record Span(String startedAt, String endedAt) {
        public static final Span NONE = new Span(null, null);
    }

    /** One job of the run: its reasons to run, how it stands, its attempts, when it ran, and where (log, process or scheduler job). */
    public record JobEntry(String id, String step, String experiment, List<ReasonEntry> reasons, JobEntry.Outcome outcome, int attempts,
                           Span span, Execution execution) {
        /** How the job stands: {@link JobStatus}, with a reason code and message, and the exit code of its last attempt. */
        public record Outcome(JobStatus status, JobReason reason, String message, Integer exitCode) {
            static final Outcome PENDING = new Outcome(JobStatus.PENDING, null, null, null);
        }

        /** Where its last attempt ran: its log (relative to the data root), local pid, process or scheduler job ID, the scheduler's state. */
        public record Execution(String log, Long pid, String executorId, String executorState) {
            static final Execution NONE = new Execution(null, null, null, null);
        }

        /** A job about to run: pending, nothing tried yet. */
        public static JobEntry pending(String id, String step, String experiment, List<ReasonEntry> reasons) {
            return new JobEntry(id, step, experiment, reasons, Outcome.PENDING, 0, Span.NONE, Execution.NONE);
        }

        public JobStatus status() {
            return outcome.status();
        }

        /** This job, now with an attempt running (the first start time is kept). */
        public JobEntry running(int attempt, String now, String logPath, Long processId, String handle) {
            return new JobEntry(id, step, experiment, reasons, new Outcome(JobStatus.RUNNING, null, null, null), attempt,
                    new Span(span.startedAt() == null ? now : span.startedAt(), null), new Execution(logPath, processId, handle, null));
        }

        /** This job with a new outcome after {@code tries} attempts; {@code ended} null while it is not over. */
        public JobEntry with(JobEntry.Outcome now, int tries, String ended) {
            return new JobEntry(id, step, experiment, reasons, now, tries, new Span(span.startedAt(), ended), execution);
        }

        /** This job with the scheduler's current state of it. */
        public JobEntry withExecutorState(String state) {
            return new JobEntry(id, step, experiment, reasons, outcome, attempts, span,
                    new Execution(execution.log(), execution.pid(), execution.executorId(), state));
        }
    }

    public record ReasonEntry(String code, String message) {
    }

    /** Counts of the jobs by status; {@code interrupted} (stopped, or their morph died) apart from {@code failed}. */
    public record Metrics(int jobsTotal, int completed, int failed, int skipped, int running, int remaining, int attempts,
                          int retries, double retryRate, Double successRate, Long durationMs,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) int interrupted) {
        /** Metrics without interrupted jobs. */
        public Metrics(int jobsTotal, int completed, int failed, int skipped, int running, int remaining, int attempts,
                       int retries, double retryRate, Double successRate, Long durationMs) {
            this(jobsTotal, completed, failed, skipped, running, remaining, attempts, retries, retryRate, successRate, durationMs, 0);
        }
    }

    public record HistoryEntry(String at, RunStatus status, RunReason reasonCode, String message) {
    }

    public record BlockedEntry(String id, List<String> missing) {
    }

    /** What the user asked for, as given: enough to repeat the run. */
    public record InvocationRecord(List<String> targets, boolean only, List<String> experiments, String laterThan,
                                   String earlierThan, boolean force, List<String> forceSteps, Map<String, String> params,
                                   List<String> rerunTriggers, int jobs, String resources, int retries, boolean failFast,
                                   String timeout, String executor) {
    }

    public RunStatus status() {
        return outcome.status();
    }

    public boolean inProgress() {
        return outcome.status() == RunStatus.IN_PROGRESS;
    }

    /** This run standing as {@code now}, with the times and resume command that go with it. */
    public RunState with(Outcome now, Span times, String heartbeat, String resume) {
        return new RunState(runId, now, origin, times, heartbeat, metrics, jobs, blocked, history, resume);
    }

    /** This run with its jobs, metrics and history as they are now. */
    public RunState with(Metrics m, List<JobEntry> jobsNow, List<HistoryEntry> historyNow) {
        return new RunState(runId, outcome, origin, span, heartbeatAt, m, jobsNow, blocked, historyNow, resumeCommand);
    }
}
