package dev.morph.exec;

import dev.morph.artifact.FileSystemProbe;
import dev.morph.exec.JobAttempt.Phase;
import dev.morph.journal.JobRecord;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunReason;
import dev.morph.run.RunState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs a plan's jobs in dependency order, at most {@code jobs} at once and within the resource totals,
 * on one orchestrator thread that owns all run state; process exits, durable records and signals arrive
 * as events. Each job's way through the run is one {@link JobAttempt}; what an end means is decided by
 * {@link AttemptEnd}, {@link Settlement} and {@link RunOutcome}; the file work is {@link AttemptSetup}'s
 * and {@link Launcher}'s, on I/O threads. Failures skip what depends on them, other experiments go on;
 * an interrupt stops every running job's process tree.
 *
 * <p>A ready job is prepared (its lock, its durable start record) for a free slot or, while jobs are
 * short, ahead of one; it is launched when a slot and its resources are free, finishes when its process
 * ends (slot and resources are free at once; its end record is written next) and is settled when that
 * record is durable: only then does it count as done for the run record and what depends on it. So the
 * file work and fsyncs of one job overlap the processes and the file work of others. A prepared job
 * that waited for a slot longer than {@link Launcher#FRESH} gets a fresh start record before it is
 * launched (its start time is what its inputs are compared with); one that is never launched because
 * the run stops gets its previous record back and is left pending.
 */
public final class Executor {
    /** A cluster job left running by a dead run, with that run's journal record of it. */
    public record Adoption(String handle, String ownerRunId, JobRecord record) {
    }

    private final RunContext ctx;
    /** What happened elsewhere (an I/O task done, a process ended, a signal), as work for the orchestrator's thread. */
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final JobEntries entries;
    private final FileSystemProbe freshProbe;
    private final AttemptSetup setup;
    private final Launcher launcher;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "morph-job-io");
        t.setDaemon(true);
        return t;
    });
    private Plan plan;
    private JobTable jobs;
    private Scheduler scheduler;
    private ResourcePool pool;
    private Stop stop;
    private Holds holds;
    private int interrupts;
    /** Set on a signal handler's thread before the orchestrator hears of it: a job ending meanwhile was stopped, not failed. */
    private volatile boolean interruptRequested;
    private int succeeded;
    private int failed;
    private int locked;
    /** Whether the last job to end ran for less than {@link Launcher#FRESH}: then jobs are prepared ahead of free slots. */
    private boolean shortJobs;

    public Executor(RunContext ctx) {
        this.ctx = ctx;
        this.freshProbe = new FileSystemProbe(ctx.workspace().root());
        this.setup = new AttemptSetup(ctx, freshProbe);
        this.launcher = new Launcher(ctx, setup);
        this.entries = new JobEntries(ctx);
    }

    /** Stops the run, on a signal handler's thread: no job starts once this returns; the orchestrator then stops the running ones. */
    public void interrupt(String signal) {
        interruptRequested = true;
        launcher.close();
        events.offer(() -> interrupted(signal));
    }

    public RunOutcome execute(Plan toExecute) {
        start(toExecute);
        try {
            while (true) {
                if (stop == null && ctx.recorder().writeError() != null) {
                    stop(RunReason.SYS_WRITE_ERROR, "cannot write the run record: " + ctx.recorder().writeError().getMessage());
                }
                if (stop == null && !interruptRequested) {
                    dispatch();
                }
                if (jobs.idle() && (stop != null || !scheduler.hasReady())) {
                    break;
                }
                next().run();
                entries.schedulerStates(jobs.inPhase(Phase.RUNNING));
            }
        } finally {
            io.shutdown();
        }
        return RunOutcome.of(stop, succeeded, failed, locked);
    }

    /** The next event; nothing after a second without one (pacing the refresh of cluster jobs' states). */
    private Runnable next() {
        try {
            Runnable event = events.poll(1, TimeUnit.SECONDS);
            return event == null ? () -> { } : event;
        } catch (InterruptedException e) {
            return () -> interrupted("thread interrupt");
        }
    }

    /** Takes over cluster jobs a dead morph left running: watched as if this run had started them, never submitted again. */
    public void adopt(Plan toExecute, Map<JobId, Adoption> adoptions) {
        start(toExecute);
        Adopter adopter = new Adopter(ctx, setup, jobs, scheduler, pool, this::watch, this::finish);
        adoptions.forEach((id, a) -> plan.job(id).filter(JobPlan::willRun).ifPresent(jp -> adopter.adopt(jp, a)));
    }

    private void start(Plan toExecute) {
        if (scheduler == null) {
            plan = toExecute;
            scheduler = new Scheduler(plan.toRun().stream().map(JobPlan::id).toList(), plan.dag());
            pool = new ResourcePool(ctx.settings().totals());
            jobs = new JobTable(plan.toRun());
            holds = new Holds(ctx, plan.toRun().stream().map(JobPlan::id).toList(), jobs, scheduler, pool,
                    new Holds.Moves(this::prepare, this::notLaunched, this::end));
        }
    }

    /**
     * Launches prepared jobs into free slots, then prepares ready jobs for the free slots and, while jobs
     * are short, as many again ahead of them: for long jobs, preparing early would only hold their locks
     * and date their start records early, and saves nothing.
     */
    private void dispatch() {
        if (ctx.settings().failFast() && jobs.inPhase(Phase.FINISHING).anyMatch(j -> j.ending() != JobStatus.SUCCEEDED)) {
            return; // a failure being recorded may stop the run: start nothing until it is settled
        }
        int slots = ctx.settings().jobs();
        for (JobAttempt job : jobs.inPhase(Phase.PREPARING, Phase.PREPARED).toList()) {
            if (job.phase() != Phase.PREPARED || jobs.count(Phase::inSlot) >= slots
                    || holds.waitsToLaunch(job.id())) {
                break; // launches keep dispatch order: a job still being prepared (or held on a job being settled) holds back those behind it
            }
            job.launching();
            List<String> heldOn = holds.heldOn(job.id());
            onIo(() -> launcher.launch(job.plan(), job.number(), job.grant(), job.ready(), heldOn), r -> launched(job, r));
        }
        int limit = shortJobs ? 2 * slots : slots;
        for (JobId id : scheduler.ready()) {
            if (jobs.count(p -> p.inSlot() || p.ahead()) >= limit) {
                return;
            }
            JobAttempt job = jobs.get(id);
            ResourcePool.Grant grant = pool.tryAcquire(job.plan().job().step().resources());
            if (grant != null) {
                prepare(job, grant);
            }
        }
        holds.dispatch(limit); // then jobs whose upstream jobs are in the scheduler's queue, held on them
    }

    private void prepare(JobAttempt job, ResourcePool.Grant grant) {
        scheduler.started(job.id());
        job.preparing(grant);
        jobs.activate(job);
        int attempt = job.number();
        boolean held = holds.held(job.id());
        onIo(() -> setup.prepare(job.plan(), attempt, grant, attempt == 1, held), r -> prepared(job, r));
    }

    /** Runs {@code task} on an I/O thread, {@code then} on the orchestrator's; an unexpected error is rethrown there. */
    private <T> void onIo(Supplier<T> task, Consumer<T> then) {
        CompletableFuture.supplyAsync(task, io).whenComplete((result, error) -> events.offer(error == null ? () -> then.accept(result) : () -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }));
    }

    /** The job is prepared: it waits for a slot, unless its lock is held, its state could not be written or the run stopped. */
    private void prepared(JobAttempt job, AttemptSetup.Prepared result) {
        if (job.phase() != Phase.PREPARING) {
            return;
        }
        JobId id = job.id();
        if (result instanceof AttemptSetup.Ready ready) {
            job.prepared(ready);
            if (stop != null) {
                notLaunched(job, true); // the stop already counted it as not started (drained): only undo what preparing did
            }
            holds.returned(job, stop == null);
            return;
        }
        holds.returned(job, false);
        pool.release(job.grant());
        if (stop != null) {
            undo(job);
            if (result instanceof AttemptSetup.NotWritten) {
                setup.releaseLock(id);
            }
        } else if (result instanceof AttemptSetup.Locked held) {
            undo(job);
            locked++;
            end(job, new RunState.JobEntry.Outcome(JobStatus.SKIPPED, JobReason.LOCKED, "running elsewhere: locked by " + held.holder().owner(), null));
            skipDownstream(id, JobReason.UPSTREAM_LOCKED);
        } else if (result instanceof AttemptSetup.NotWritten e) {
            undo(job); // it never started: ended below, not left preparing
            notWritten(job, e.error());
        }
    }

    /** A launch came back: the job runs, or could not start, or was not started because the run stopped. */
    private void launched(JobAttempt job, Launcher.Result r) {
        if (job.phase() != Phase.LAUNCHING) {
            return;
        }
        if (r.notWritten() != null) {
            pool.release(job.grant());
            notWritten(job, r.notWritten());
        } else if (r.launchError() != null) {
            pool.release(job.grant());
            Exception e = r.launchError();
            JobReason reason = e instanceof JobRunner.LaunchException le ? le.reason() : JobReason.START_FAILED;
            finish(job, r.ready().record(), AttemptEnd.failed(reason, (reason == JobReason.START_FAILED ? "could not start: " : "") + e.getMessage()));
        } else if (r.launched() == null) {
            notLaunched(job, true);
            if (stop != null && stop.is(RunReason.FAIL_FAST)) {
                end(job, new RunState.JobEntry.Outcome(JobStatus.SKIPPED, JobReason.FAIL_FAST, "not started: " + stop.message(), null));
            }
        } else {
            watch(job, r.launched(), r.ready());
            if (stop != null && stop.is(RunReason.USER_INTERRUPT)) {
                // it started while the stop was being decided: stopped like the others
                job.terminate(interrupts > 1 ? Duration.ZERO : ctx.settings().killGrace());
            }
            holds.returned(job, true);
            return;
        }
        holds.returned(job, false);
    }

    /** Starts watching a launched (or adopted) attempt: run record, progress, and its end as an event. */
    private void watch(JobAttempt job, JobRunner.Launched launched, AttemptSetup.Ready ready) {
        JobId id = job.id();
        job.running(launched, ready, ready.record(), ctx.time().nanoTime());
        entries.running(job, launched, ready.spec());
        launched.exit().whenComplete((exit, error) -> events.offer(() -> finished(job, launched,
                error != null ? new JobRunner.Exit(null, JobReason.LOST, "lost track of the job: " + error.getMessage()) : exit)));
    }

    /** A process ended: its slot and resources are free at once; its end record is written next. */
    private void finished(JobAttempt job, JobRunner.Launched launched, JobRunner.Exit exit) {
        if (job.phase() != Phase.RUNNING || job.launched() != launched) {
            return; // an attempt dropped or withdrawn before it ended
        }
        OptionalLong heldStart = holds.ended(job, launched, exit, interruptRequested || stop != null);
        if (heldStart == null) {
            return; // held, and not started (pending again) or waiting for its upstream jobs to settle
        }
        entries.schedulerStates(Stream.of(job)); // its final state, not the last one seen while it ran
        shortJobs = ctx.time().nanoTime() - job.since() < Launcher.FRESH.toNanos();
        pool.release(job.grant());
        boolean userInterrupt = interruptRequested || stop != null && stop.is(RunReason.USER_INTERRUPT);
        AttemptEnd end = AttemptEnd.of(job.plan(), exit, userInterrupt, freshProbe);
        JobSpec spec = job.ready().spec();
        JobRecord started = job.record();
        job.finishing(end.status(), started);
        onIo(() -> heldStart.isPresent() ? setup.settleHeld(job.plan(), spec, started, end, heldStart.getAsLong()) : setup.settle(job.id(), started, end),
                r -> settled(job, r)); // a held job: its start record as of its real start
    }

    /** Writes the attempt's end record on an I/O thread (after its lock annotation; a success's lock is released after it). */
    private void finish(JobAttempt job, JobRecord started, AttemptEnd end) {
        job.finishing(end.status(), started);
        onIo(() -> setup.settle(job.id(), started, end), r -> settled(job, r));
    }

    /** The end record is durable (or could not be written): the attempt's outcome takes effect. */
    private void settled(JobAttempt job, AttemptSetup.Settled result) {
        if (job.phase() != Phase.FINISHING) {
            return;
        }
        JobId id = job.id();
        IOException error = result.error();
        if (error != null) {
            stop(RunReason.SYS_WRITE_ERROR, "cannot write the journal under " + ctx.layout().base() + ": " + error.getMessage());
        }
        Settlement settlement = Settlement.of(result.record(), error, job.number(), ctx.settings().retries(), stop);
        if (settlement instanceof Settlement.Succeeded) {
            succeeded++;
            end(job, new RunState.JobEntry.Outcome(JobStatus.SUCCEEDED, JobReason.SUCCEEDED, null, 0));
            scheduler.succeeded(id);
            holds.resume(this::finished);
        } else if (settlement instanceof Settlement.Retry r) {
            holds.retrying(id);
            job.retry();
            jobs.deactivate(job);
            entries.retrying(job, r.pending());
            scheduler.retry(id);
        } else if (settlement instanceof Settlement.Failed f) {
            failed++;
            end(job, f.outcome());
            setup.releaseLock(id);
            skipDownstream(id, JobReason.UPSTREAM_FAILED);
            if (ctx.settings().failFast() && stop == null) {
                stop(RunReason.FAIL_FAST, "--fail-fast: " + id + " failed");
                String message = "not started: --fail-fast after " + id + " failed";
                for (JobId j : scheduler.drain(jobs.inFlight())) {
                    end(jobs.get(j), new RunState.JobEntry.Outcome(JobStatus.SKIPPED, JobReason.FAIL_FAST, message, null));
                }
                holds.failFast(message);
            }
        } else if (settlement instanceof Settlement.Interrupted i) {
            end(job, i.outcome());
            setup.releaseLock(id);
        } else if (settlement instanceof Settlement.NotRecorded n) {
            end(job, n.outcome());
            setup.releaseLock(id);
            scheduler.failed(id);
        }
    }

    /** Its start could not be recorded: the run stops with {@code SYS_WRITE_ERROR}, the job fails. */
    private void notWritten(JobAttempt job, IOException error) {
        stop(RunReason.SYS_WRITE_ERROR, "cannot write under " + ctx.layout().base() + ": " + error.getMessage());
        end(job, new RunState.JobEntry.Outcome(JobStatus.FAILED, JobReason.SYS_WRITE_ERROR, error.getMessage(), null));
        setup.releaseLock(job.id());
    }

    /** The run stopped before this prepared job was launched: its previous record is put back, its lock released. */
    /** {@code restore}: put its previous journal record back (not for a held job that did start: its record says it ran). */
    private void notLaunched(JobAttempt job, boolean restore) {
        JobId id = job.id();
        pool.release(job.grant());
        try {
            if (restore) {
                ctx.journal().restore(id, job.ready().previous());
            }
        } catch (IOException e) {
            stop(RunReason.SYS_WRITE_ERROR, "cannot write the journal under " + ctx.layout().base() + ": " + e.getMessage());
        }
        undo(job);
        setup.releaseLock(id);
    }

    private void undo(JobAttempt job) {
        Runnable move = job.phase() == Phase.RUNNING ? job::withdrawn : job::undone; // RUNNING: held in the queue, removed from it
        move.run();
        jobs.deactivate(job);
    }

    private void skipDownstream(JobId id, JobReason reason) {
        for (JobId s : scheduler.failed(id)) {
            holds.skip(s, Settlement.skippedAfter(id, reason));
        }
    }

    private void interrupted(String signal) {
        interrupts++;
        if (stop == null || !stop.is(RunReason.USER_INTERRUPT)) {
            stop(RunReason.USER_INTERRUPT, signal);
            scheduler.drain(jobs.inFlight());
        }
        List<JobAttempt> running = jobs.inPhase(Phase.RUNNING).toList();
        Duration grace = interrupts > 1 ? Duration.ZERO : ctx.settings().killGrace();
        ctx.progress().warn(interrupts > 1 ? "killing " + running.size() + " running job(s) now"
                : "stopping: terminating " + running.size() + " running job(s); nothing new starts (press Ctrl-C again to kill at once)");
        running.forEach(job -> job.terminate(grace));
    }

    private void stop(RunReason reason, String message) {
        if (stop == null) {
            stop = new Stop(reason, message);
            launcher.close();
            jobs.inPhase(Phase.PREPARED).toList().forEach(j -> notLaunched(j, true));
        }
    }

    /** The job's outcome goes into the run record; a preparation under way (fail-fast skipped it) is undone when it returns. */
    private void end(JobAttempt job, RunState.JobEntry.Outcome outcome) {
        entries.ended(job, outcome);
        if (job.phase() != Phase.PREPARING) {
            job.ended();
            jobs.deactivate(job);
        }
    }
}
