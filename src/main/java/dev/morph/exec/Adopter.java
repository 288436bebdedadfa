package dev.morph.exec;

import dev.morph.journal.JobRecord;
import dev.morph.pipeline.Resources;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.run.JobReason;
import java.io.IOException;
import java.util.Optional;

/**
 * Takes over, for the {@link Executor}, cluster jobs a dead morph left queued or running (held ones
 * included): the job's lock is taken over from the dead run, and the job is watched as if this run had
 * launched it, never submitted again.
 */
final class Adopter {
    /** The executor's way to watch a launched attempt. */
    interface Watch {
        void accept(JobAttempt job, JobRunner.Launched launched, AttemptSetup.Ready ready);
    }

    /** The executor's way to write an attempt's end record. */
    interface Finish {
        void accept(JobAttempt job, JobRecord started, AttemptEnd end);
    }

    private final RunContext ctx;
    private final AttemptSetup setup;
    private final JobTable jobs;
    private final Scheduler scheduler;
    private final ResourcePool pool;
    private final Watch watch;
    private final Finish finish;

    Adopter(RunContext ctx, AttemptSetup setup, JobTable jobs, Scheduler scheduler, ResourcePool pool, Watch watch, Finish finish) {
        this.ctx = ctx;
        this.setup = setup;
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.pool = pool;
        this.watch = watch;
        this.finish = finish;
    }

    void adopt(JobPlan jp, Executor.Adoption a) {
        JobId id = jp.id();
        JobAttempt job = jobs.get(id);
        try {
            if (!ctx.locks().adopt(id, ctx.owner(), a.ownerRunId(), ctx.runner().name(), a.handle())) {
                return; // another run adopted it first: this one finds the job locked
            }
        } catch (IOException e) {
            ctx.progress().warn("could not take over the lock of " + id + " to adopt " + ctx.runner().name() + " job " + a.handle() + ": "
                    + e.getMessage());
            return;
        }
        scheduler.started(id);
        job.adopted(Math.max(1, a.record().attempt().number()), pool.tryAcquire(Resources.NONE));
        jobs.activate(job);
        String what = ctx.runner().name() + " job " + a.handle();
        try {
            JobSpec spec = setup.spec(jp, job.number(), job.grant());
            JobRunner.Launched launched = ctx.runner().attach(spec, a.handle(), a.ownerRunId());
            ctx.progress().warn("adopted " + what + " (" + id + ") left running by run " + a.ownerRunId());
            watch.accept(job, launched, new AttemptSetup.Ready(spec, a.record(), Optional.empty(), ctx.time().nanoTime()));
        } catch (IOException e) {
            pool.release(job.grant());
            finish.accept(job, a.record(), AttemptEnd.failed(JobReason.EXIT_STATUS_LOST, "could not adopt " + what + ": " + e.getMessage()));
        }
    }

}
