package dev.morph.exec;

import dev.morph.run.RunState.JobEntry.Outcome;
import java.util.stream.Stream;

/**
 * Keeps each job's entry in the run record, and what the user sees of it, in step with its
 * {@link JobAttempt}: running (with its log and process or scheduler job), retrying, ended, and the
 * scheduler's view of a cluster job as it changes.
 */
final class JobEntries {
    private final RunContext ctx;

    JobEntries(RunContext ctx) {
        this.ctx = ctx;
    }

    void running(JobAttempt job, JobRunner.Launched launched, JobSpec spec) {
        String now = ctx.time().now().toString();
        int attempt = job.number();
        String log = ctx.layout().root().relativize(spec.log()).toString();
        String executor = launched.executor() != null ? launched.executor() : ctx.runner().name();
        Long pid = "local".equals(executor) ? AttemptSetup.parsePid(launched.handle()) : null;
        ctx.recorder().job(job.id().toString(), j -> j.running(attempt, now, log, pid, launched.handle()));
        ctx.progress().started(job.id(), attempt, launched.handle());
    }

    /** Its attempt failed and another follows: pending again, saying why. */
    void retrying(JobAttempt job, Outcome pending) {
        String id = job.id().toString();
        int tries = job.number();
        ctx.recorder().job(id, j -> j.with(pending, tries, null));
        ctx.progress().ended(ctx.recorder().job(id));
    }

    /** The job's outcome in this run (its end time only if it was ever tried). */
    void ended(JobAttempt job, Outcome outcome) {
        String now = ctx.time().now().toString();
        int tries = job.number();
        String id = job.id().toString();
        ctx.recorder().job(id, j -> j.with(outcome, tries, j.attempts() > 0 || tries > 0 ? now : null));
        ctx.progress().ended(ctx.recorder().job(id));
    }

    /** Copies the scheduler's view of each cluster job (PENDING, RUNNING, …) into the run record when it changes. */
    void schedulerStates(Stream<JobAttempt> running) {
        running.forEach(job -> {
            String state = job.launched().state();
            String id = job.id().toString();
            if (state != null && !state.equals(ctx.recorder().job(id).execution().executorState())) {
                ctx.recorder().job(id, j -> j.withExecutorState(state));
            }
        });
    }
}
