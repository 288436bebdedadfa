package dev.morph.journal;

import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the journal remembers of a job's last execution (one JSON file per job, see
 * {@link dev.morph.store.StateLayout}; {@link JobRecordJson} reads and writes it). Written
 * {@code running} when an attempt starts — who runs it and since when, what it runs, what it reads —
 * then again when it ends: {@code succeeded} with the outputs' mtimes, or {@code failed} /
 * {@code interrupted} with why. Times are file-system times in ns.
 */
public record JobRecord(JobId job, Attempt attempt, Command command, Inputs inputs, Outcome outcome) {
    public JobRecord {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Which attempt ({@code number}, from 1) of which run, by which morph process, started when. */
    public record Attempt(String runId, String host, long pid, int number, long startedNs) {
    }

    /**
     * What it runs: the argv, the step's command as written in the pipeline (to tell a changed command
     * from changed params or experiments, each with its own rerun trigger) and the params it uses.
     */
    public record Command(List<String> argv, List<String> template, Map<String, String> params) {
    }

    /**
     * What it read when it started: its newest input and that input's mtime, and for a fan-in job the
     * experiments its inputs included (otherwise null).
     */
    public record Inputs(long newestNs, String newest, List<String> experiments) {
    }

    /**
     * How the attempt stands: {@code running}, or how it ended — when, the outputs' mtimes (on success),
     * the exit code if there was one, for an end other than success a reason and a message, and what the
     * attempt used (null: not measured).
     */
    public record Outcome(JobStatus status, Long endedNs, Map<String, Long> outputs, Integer exitCode, JobReason reason,
                          String message, Usage usage) {
        public Outcome {
            Objects.requireNonNull(status, "status");
        }

        public Outcome(JobStatus status, Long endedNs, Map<String, Long> outputs, Integer exitCode, JobReason reason, String message) {
            this(status, endedNs, outputs, exitCode, reason, message, null);
        }

        /** An attempt under way: nothing ended, no outputs yet. */
        public static Outcome running() {
            return new Outcome(JobStatus.RUNNING, null, Map.of(), null, null, null);
        }
    }

    public JobStatus status() {
        return outcome.status();
    }

    public boolean succeeded() {
        return outcome.status() == JobStatus.SUCCEEDED;
    }

    /** This attempt's record with {@code end} as its outcome. */
    public JobRecord with(Outcome end) {
        return new JobRecord(job, attempt, command, inputs, end);
    }
}
