package dev.morph.exec;

import dev.morph.artifact.FileSystemProbe;
import dev.morph.journal.JobRecord;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a plan's jobs in dependency order, at most {@code jobs} at once and within the resource totals,
 * on one orchestrator thread that owns all run state; process exits, durable records and signals arrive
 * as events. Every transition goes to the journal (per job) and the run record. Failures skip what
 * depends on them, other experiments go on; an interrupt stops every running job's process tree.
 *
 * <p>A ready job is <em>prepared</em> on an I/O thread (its lock, its durable start record), for a free
 * slot or, while jobs are short, ahead of one; it is <em>launched</em> when a slot and its
 * resources are free, <em>finishes</em> when its process ends (slot and resources are free at once;
 * its end record is written on an I/O thread) and is <em>settled</em> when that record is durable:
 * only then does it count as done for the run record and what depends on it. So the file work and
 * fsyncs of one job overlap the processes and the file work of others, and a trivial job costs little
 * more than its process. A prepared job that waited for a slot longer than {@link Launcher#FRESH} gets a fresh
 * start record before it is launched (its start time is what its inputs are compared with); one that is
 * never launched because the run stops gets its previous record back and is left pending.
 */
public final class Executor {
    private sealed interface Event {
    }

    private record Finished(JobId job, JobRunner.Exit exit) implements Event {
    }

    private record Interrupt(String signal) implements Event {
    }

    private record Prepared(JobId job, AttemptSetup.Prepared result) implements Event {
    }

    private record Settled(JobId job, AttemptSetup.Settled result) implements Event {
    }

    private record Launch(JobId job, Launcher.Result result) implements Event {
    }

    /** An I/O task failed with something other than an I/O error: a bug, rethrown on the orchestrator. */
    private record Broken(RuntimeException error) implements Event {
    }

    private record Running(JobPlan plan, JobRunner.Launched launched, ResourcePool.Grant grant, JobRecord record,
                           long since) {
    }

    /** Dispatched ahead of a slot, with the resources granted to it: being prepared ({@code ready} null), or prepared. */
    private record Waiting(JobPlan plan, ResourcePool.Grant grant, int attempt, AttemptSetup.Ready ready) {
    }

    private final RunContext ctx;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<JobId, Running> running = new LinkedHashMap<>();
    /** In the order they were dispatched (plan order), which is the order they are launched in. */
    private final Map<JobId, Waiting> ahead = new LinkedHashMap<>();
    /** Holding a slot while an I/O thread starts its process. */
    private final Map<JobId, Waiting> launching = new LinkedHashMap<>();
    /** Jobs whose end record is being written, with the status it records. */
    private final Map<JobId, String> finishing = new LinkedHashMap<>();
    private final Map<JobId, Integer> attempts = new HashMap<>();
    private final FileSystemProbe freshProbe;
    private final AttemptSetup setup;
    private final Launcher launcher;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "morph-job-io");
        t.setDaemon(true);
        return t;
    });
    private Plan plan;
    private Scheduler scheduler;
    private ResourcePool pool;
    private String stopReason;
    private String stopMessage;
    private int interrupts;
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
    }

    /** Asks the run to stop (from a signal handler): nothing new starts, running jobs are terminated. */
    public void interrupt(String signal) {
        events.offer(new Interrupt(signal));
    }

    public RunOutcome execute(Plan toExecute) {
        this.plan = toExecute;
        ensureScheduler();
        try {
            while (true) {
                if (stopReason == null && ctx.recorder().writeError() != null) {
                    stop("SYS_WRITE_ERROR", "cannot write the run record: " + ctx.recorder().writeError().getMessage());
                }
                if (stopReason == null) {
                    dispatch();
                }
                boolean inFlight = !running.isEmpty() || !launching.isEmpty() || !ahead.isEmpty() || !finishing.isEmpty();
                if (!inFlight && (stopReason != null || !scheduler.hasReady())) {
                    break;
                }
                Event event;
                try {
                    event = events.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    event = new Interrupt("thread interrupt");
                }
                if (event instanceof Finished f) {
                    finished(f);
                } else if (event instanceof Prepared p) {
                    prepared(p);
                } else if (event instanceof Launch l) {
                    launched(l);
                } else if (event instanceof Settled s) {
                    settled(s);
                } else if (event instanceof Interrupt i) {
                    interrupted(i.signal());
                } else if (event instanceof Broken b) {
                    throw b.error();
                }
                refreshSchedulerStates();
            }
        } finally {
            io.shutdown();
        }
        return RunOutcome.of(stopReason, stopMessage, succeeded, failed, locked);
    }

    /** Copies the scheduler's view of each cluster job (PENDING, RUNNING, …) into the run record when it changes. */
    private void refreshSchedulerStates() {
        for (Running r : running.values()) {
            String state = r.launched().state();
            String id = r.plan().id().toString();
            if (state != null && !state.equals(ctx.recorder().job(id).executorState())) {
                ctx.recorder().job(id, j -> j.withExecutorState(state));
            }
        }
    }

    /**
     * Takes over cluster jobs a dead morph left running: they are watched as if this run had started
     * them, so they are never submitted a second time.
     */
    public void adopt(Plan toExecute, Map<JobId, Adoption> adoptions) {
        this.plan = toExecute;
        ensureScheduler();
        for (Map.Entry<JobId, Adoption> a : adoptions.entrySet()) {
            Optional<JobPlan> jp = plan.job(a.getKey()).filter(JobPlan::willRun);
            if (jp.isEmpty()) {
                continue;
            }
            JobId id = a.getKey();
            scheduler.started(id);
            attempts.put(id, Math.max(1, a.getValue().record().attempt()));
            ResourcePool.Grant grant = pool.tryAcquire(dev.morph.pipeline.Resources.NONE);
            try {
                ctx.locks().adopt(id, ctx.owner(), ctx.runner().name(), a.getValue().handle());
                JobSpec spec = setup.spec(jp.get(), attempts.get(id), grant);
                JobRunner.Launched launched = ctx.runner().attach(spec, a.getValue().handle(), a.getValue().ownerRunId());
                ctx.progress().warn("adopted " + ctx.runner().name() + " job " + a.getValue().handle() + " (" + id + ") left running by run "
                        + a.getValue().ownerRunId());
                watch(jp.get(), launched, grant, a.getValue().record(), attempts.get(id), spec);
            } catch (IOException e) {
                pool.release(grant);
                finish(jp.get(), a.getValue().record(), AttemptEnd.failed("EXIT_STATUS_LOST", "could not adopt "
                        + ctx.runner().name() + " job " + a.getValue().handle() + ": " + e.getMessage()));
            }
        }
    }

    /** A cluster job left running by a dead run, with that run's journal record of it. */
    public record Adoption(String handle, String ownerRunId, JobRecord record) {
    }

    private void ensureScheduler() {
        if (scheduler == null) {
            scheduler = new Scheduler(plan.toRun().stream().map(JobPlan::id).toList(), plan.dag());
            pool = new ResourcePool(ctx.settings().totals());
        }
    }

    /**
     * Launches prepared jobs into free slots, then prepares ready jobs for the free slots and, while jobs
     * are short, as many again ahead of them: for long jobs, preparing early would only hold their locks
     * and date their start records early, and saves nothing.
     */
    private void dispatch() {
        if (ctx.settings().failFast() && finishing.values().stream().anyMatch(s -> !JobRecord.SUCCEEDED.equals(s))) {
            return; // a failure being recorded may stop the run: start nothing until it is settled
        }
        int slots = ctx.settings().jobs();
        for (Waiting w : List.copyOf(ahead.values())) {
            if (w.ready() == null || running.size() + launching.size() >= slots || stopReason != null) {
                break; // launches keep dispatch order: a job still being prepared holds back those behind it
            }
            ahead.remove(w.plan().id());
            launching.put(w.plan().id(), w);
            onIo(() -> launcher.launch(w.plan(), w.attempt(), w.grant(), w.ready()), result -> new Launch(w.plan().id(), result));
        }
        int limit = shortJobs ? 2 * slots : slots;
        if (running.size() + launching.size() + ahead.size() >= limit || stopReason != null) {
            return;
        }
        for (JobId id : scheduler.ready()) {
            if (running.size() + launching.size() + ahead.size() >= limit) {
                return;
            }
            JobPlan jp = plan.job(id).orElseThrow();
            ResourcePool.Grant grant = pool.tryAcquire(jp.job().step().resources());
            if (grant != null) {
                prepare(jp, grant);
            }
        }
    }

    private void prepare(JobPlan jp, ResourcePool.Grant grant) {
        JobId id = jp.id();
        scheduler.started(id);
        int attempt = attempts.merge(id, 1, Integer::sum);
        ahead.put(id, new Waiting(jp, grant, attempt, null));
        onIo(() -> setup.prepare(jp, attempt, grant, attempt == 1), result -> new Prepared(id, result));
    }

    /** Runs {@code task} on an I/O thread; its result comes back to the orchestrator as an event. */
    private <T> CompletableFuture<T> onIo(Supplier<T> task, java.util.function.Function<T, Event> event) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(task, io);
        f.whenComplete((result, error) -> events.offer(error == null ? event.apply(result) : broken(error)));
        return f;
    }

    private static Broken broken(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        return new Broken(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
    }

    /** The job is prepared: it waits for a slot, unless its lock is held, its state could not be written or the run stopped. */
    private void prepared(Prepared p) {
        Waiting s = ahead.get(p.job());
        if (s == null) {
            return;
        }
        JobId id = p.job();
        if (!(p.result() instanceof AttemptSetup.Ready) || stopReason != null) {
            ahead.remove(id);
        }
        if (!(p.result() instanceof AttemptSetup.Ready)) {
            pool.release(s.grant());
        }
        if (stopReason != null) {
            // the stop already counted it as not started (drained): only undo what preparing did
            if (p.result() instanceof AttemptSetup.Ready ready) {
                notLaunched(new Waiting(s.plan(), s.grant(), s.attempt(), ready));
            } else if (p.result() instanceof AttemptSetup.NotWritten) {
                attempts.merge(id, -1, Integer::sum);
                releaseLock(id);
            }
            return;
        }
        if (p.result() instanceof AttemptSetup.Locked held) {
            attempts.put(id, 0);
            locked++;
            end(id, "skipped", "LOCKED", "running elsewhere: locked by " + held.holder().owner(), null);
            skipDownstream(id, "UPSTREAM_LOCKED");
            return;
        }
        if (p.result() instanceof AttemptSetup.NotWritten e) {
            stop("SYS_WRITE_ERROR", "cannot write under " + ctx.layout().base() + ": " + e.error().getMessage());
            end(id, "failed", "SYS_WRITE_ERROR", e.error().getMessage(), null);
            releaseLock(id);
            return;
        }
        ahead.put(id, new Waiting(s.plan(), s.grant(), s.attempt(), (AttemptSetup.Ready) p.result())); // keeps its place
    }

    /** A launch came back: the job runs, or could not start, or was not started because the run stopped. */
    private void launched(Launch l) {
        Waiting w = launching.remove(l.job());
        if (w == null) {
            return;
        }
        JobPlan jp = w.plan();
        JobId id = jp.id();
        Launcher.Result r = l.result();
        Waiting current = new Waiting(jp, w.grant(), w.attempt(), r.ready());
        if (r.notWritten() != null) {
            pool.release(w.grant());
            stop("SYS_WRITE_ERROR", "cannot write under " + ctx.layout().base() + ": " + r.notWritten().getMessage());
            end(id, "failed", "SYS_WRITE_ERROR", r.notWritten().getMessage(), null);
            releaseLock(id);
        } else if (r.launchError() != null) {
            pool.release(w.grant());
            Exception e = r.launchError();
            String reason = e instanceof JobRunner.LaunchException le ? le.reasonCode() : "START_FAILED";
            finish(jp, r.ready().record(), AttemptEnd.failed(reason, (reason.equals("START_FAILED") ? "could not start: " : "") + e.getMessage()));
        } else if (r.launched() == null) {
            notLaunched(current);
            if ("FAIL_FAST".equals(stopReason)) {
                end(id, "skipped", "FAIL_FAST", "not started: " + stopMessage, null);
            }
        } else {
            watch(jp, r.launched(), w.grant(), r.ready().record(), w.attempt(), r.ready().spec());
            if ("USER_INTERRUPT".equals(stopReason)) {
                // it started while the stop was being decided: stopped like the others
                terminate(running.get(id), interrupts > 1 ? Duration.ZERO : ctx.settings().killGrace());
            }
        }
    }

    /** Starts watching a launched (or adopted) attempt: run record, progress, and its end as an event. */
    private void watch(JobPlan jp, JobRunner.Launched launched, ResourcePool.Grant grant, JobRecord record, int attempt, JobSpec spec) {
        JobId id = jp.id();
        running.put(id, new Running(jp, launched, grant, record, System.nanoTime()));
        String now = Instant.now().toString();
        ctx.recorder().job(id.toString(), j -> j.running(attempt, now, ctx.layout().root().relativize(spec.log()).toString(),
                "local".equals(ctx.runner().name()) ? AttemptSetup.parsePid(launched.handle()) : null, launched.handle()));
        ctx.progress().started(id, attempt, launched.handle());
        launched.exit().whenComplete((exit, error) -> events.offer(new Finished(id,
                error != null ? new JobRunner.Exit(null, "LOST", "lost track of the job: " + error.getMessage()) : exit)));
    }

    /** A process ended: its slot and resources are free at once; its end record is written next. */
    private void finished(Finished f) {
        Running r = running.remove(f.job());
        if (r == null) {
            return;
        }
        shortJobs = System.nanoTime() - r.since() < Launcher.FRESH.toNanos();
        pool.release(r.grant());
        finish(r.plan(), r.record(), AttemptEnd.of(r.plan(), f.exit(), "USER_INTERRUPT".equals(stopReason), freshProbe));
    }

    /**
     * Writes the attempt's end record on an I/O thread (after its lock annotation, which the launch did
     * before reporting back; a success's lock is released after the record).
     */
    private void finish(JobPlan jp, JobRecord started, AttemptEnd end) {
        JobId id = jp.id();
        finishing.put(id, end.status());
        onIo(() -> setup.settle(id, started, end.status(), end.outputs(), end.code(), end.reason(), end.message()),
                result -> new Settled(id, result));
    }

    /** The end record is durable (or could not be written): the attempt's outcome takes effect. */
    private void settled(Settled s) {
        if (finishing.remove(s.job()) == null) {
            return;
        }
        JobId id = s.job();
        JobRecord done = s.result().record();
        IOException error = s.result().error();
        if (error != null) {
            stop("SYS_WRITE_ERROR", "cannot write the journal under " + ctx.layout().base() + ": " + error.getMessage());
        }
        switch (done.status()) {
            case JobRecord.INTERRUPTED -> {
                end(id, "interrupted", "INTERRUPTED", "stopped by " + stopMessage, done.exitCode());
                releaseLock(id);
            }
            case JobRecord.FAILED -> attemptFailed(id, done.reasonCode(), done.message(), done.exitCode());
            default -> {
                if (error != null) {
                    end(id, "failed", "SYS_WRITE_ERROR", "could not record the job's success in the journal", 0);
                    releaseLock(id);
                    scheduler.failed(id);
                    return;
                }
                succeeded++;
                end(id, "succeeded", "SUCCEEDED", null, 0);
                scheduler.succeeded(id);
            }
        }
    }

    /**
     * The run stopped before this prepared job was launched: it never ran, so its previous journal
     * record is put back and its lock released; the run record leaves it as not started.
     */
    private void notLaunched(Waiting w) {
        JobId id = w.plan().id();
        pool.release(w.grant());
        try {
            ctx.journal().restore(id, w.ready().previous());
        } catch (IOException e) {
            stop("SYS_WRITE_ERROR", "cannot write the journal under " + ctx.layout().base() + ": " + e.getMessage());
        }
        attempts.merge(id, -1, Integer::sum);
        releaseLock(id);
    }

    /** After a failed attempt's record is written: a retry, or the job fails and what depends on it is skipped. */
    private void attemptFailed(JobId id, String reason, String message, Integer code) {
        int attempt = attempts.get(id);
        if (attempt <= ctx.settings().retries() && stopReason == null) {
            String retrying = message + "; retrying (attempt " + (attempt + 1) + " of " + (ctx.settings().retries() + 1) + ")";
            ctx.recorder().job(id.toString(), j -> j.with("pending", reason, retrying, attempt, null, code));
            ctx.progress().ended(ctx.recorder().job(id.toString()));
            scheduler.retry(id);
            return;
        }
        failed++;
        end(id, "failed", reason, message, code);
        releaseLock(id);
        skipDownstream(id, "UPSTREAM_FAILED");
        if (ctx.settings().failFast() && stopReason == null) {
            stop("FAIL_FAST", "--fail-fast: " + id + " failed");
            for (JobId j : scheduler.drain(inFlight())) {
                end(j, "skipped", "FAIL_FAST", "not started: --fail-fast after " + id + " failed", null);
            }
        }
    }

    private void skipDownstream(JobId id, String reason) {
        for (JobId s : scheduler.failed(id)) {
            end(s, "skipped", reason, "not run: " + id + (reason.equals("UPSTREAM_LOCKED") ? " is running elsewhere" : " failed"), null);
        }
    }

    private void interrupted(String signal) {
        interrupts++;
        if (stopReason == null || !"USER_INTERRUPT".equals(stopReason)) {
            stop("USER_INTERRUPT", signal);
            scheduler.drain(inFlight());
        }
        Duration grace = interrupts > 1 ? Duration.ZERO : ctx.settings().killGrace();
        ctx.progress().warn(interrupts > 1 ? "killing " + running.size() + " running job(s) now"
                : "stopping: terminating " + running.size() + " running job(s); nothing new starts (press Ctrl-C again to kill at once)");
        for (Running r : running.values()) {
            terminate(r, grace);
        }
    }

    private static void terminate(Running r, Duration grace) {
        Thread t = new Thread(() -> r.launched().terminate(grace), "morph-stop-" + r.plan().id());
        t.setDaemon(true);
        t.start();
    }

    /** Jobs launched (or being launched) and not yet settled (prepared ones are undone when the run stops). */
    private Set<JobId> inFlight() {
        Set<JobId> out = new HashSet<>(running.keySet());
        out.addAll(launching.keySet());
        out.addAll(finishing.keySet());
        return out;
    }

    private void stop(String reason, String message) {
        if (stopReason == null) {
            stopReason = reason;
            stopMessage = message;
            launcher.close();
            List.copyOf(ahead.values()).stream().filter(w -> w.ready() != null).forEach(w -> {
                ahead.remove(w.plan().id());
                notLaunched(w);
            });
        }
    }

    private void end(JobId id, String status, String reason, String message, Integer code) {
        String now = Instant.now().toString();
        int tries = attempts.getOrDefault(id, 0);
        ctx.recorder().job(id.toString(), j -> j.with(status, reason, message, tries, j.attempts() > 0 || tries > 0 ? now : null, code));
        ctx.progress().ended(ctx.recorder().job(id.toString()));
    }

    private void releaseLock(JobId id) {
        try {
            ctx.locks().release(id, ctx.owner());
        } catch (IOException e) {
            ctx.progress().warn("could not remove the lock of " + id + ": " + e.getMessage());
        }
    }
}
