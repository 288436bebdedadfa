package dev.morph.exec;

import dev.morph.ExitCodes;
import dev.morph.artifact.Artifact;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.Observation;
import dev.morph.journal.JobRecord;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.run.Locks;
import dev.morph.run.RunState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plan's jobs in dependency order, at most {@code jobs} at once and within the resource totals,
 * on one orchestrator thread that owns all run state; process exits and signals arrive as events.
 * Every transition goes to the journal (per job) and the run record. Failures skip what depends on
 * them, other experiments go on; an interrupt stops every running job's process tree.
 */
public final class Executor {
    private sealed interface Event {
    }

    private record Finished(JobId job, JobRunner.Exit exit) implements Event {
    }

    private record Interrupt(String signal) implements Event {
    }

    /** How the run ended, for the run record and the process exit code. */
    public record Outcome(String status, String reasonCode, String message, int exitCode) {
    }

    private record Running(JobPlan plan, JobRunner.Launched launched, ResourcePool.Grant grant, JobRecord record) {
    }

    private final RunContext ctx;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<JobId, Running> running = new LinkedHashMap<>();
    private final Map<JobId, Integer> attempts = new HashMap<>();
    private final FileSystemProbe freshProbe;
    private final AttemptSetup setup;
    private Plan plan;
    private Scheduler scheduler;
    private ResourcePool pool;
    private String stopReason;
    private String stopMessage;
    private int interrupts;
    private int succeeded;
    private int failed;
    private int locked;

    public Executor(RunContext ctx) {
        this.ctx = ctx;
        this.freshProbe = new FileSystemProbe(ctx.workspace().root());
        this.setup = new AttemptSetup(ctx, freshProbe);
    }

    /** Asks the run to stop (from a signal handler): nothing new starts, running jobs are terminated. */
    public void interrupt(String signal) {
        events.offer(new Interrupt(signal));
    }

    public Outcome execute(Plan toExecute) {
        this.plan = toExecute;
        ensureScheduler();
        while (true) {
            if (stopReason == null && ctx.recorder().writeError() != null) {
                stop("SYS_WRITE_ERROR", "cannot write the run record: " + ctx.recorder().writeError().getMessage());
            }
            if (stopReason == null) {
                dispatch();
            }
            if (running.isEmpty() && (stopReason != null || scheduler.ready().isEmpty())) {
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
            } else if (event instanceof Interrupt i) {
                interrupted(i.signal());
            }
            refreshSchedulerStates();
        }
        return outcome();
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
                failAttempt(jp.get(), a.getValue().record(), "EXIT_STATUS_LOST", "could not adopt " + ctx.runner().name() + " job "
                        + a.getValue().handle() + ": " + e.getMessage(), null);
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

    private void dispatch() {
        for (JobId id : scheduler.ready()) {
            if (running.size() >= ctx.settings().jobs() || stopReason != null) {
                return;
            }
            JobPlan jp = plan.job(id).orElseThrow();
            ResourcePool.Grant grant = pool.tryAcquire(jp.job().step().resources());
            if (grant != null) {
                start(jp, grant);
            }
        }
    }

    private void start(JobPlan jp, ResourcePool.Grant grant) {
        JobId id = jp.id();
        scheduler.started(id);
        int attempt = attempts.merge(id, 1, Integer::sum);
        JobRecord record;
        JobSpec spec;
        try {
            if (attempt == 1) {
                Locks.Acquired lock = ctx.locks().acquire(id, ctx.owner());
                if (lock instanceof Locks.HeldBy held) {
                    pool.release(grant);
                    attempts.put(id, 0);
                    locked++;
                    end(id, "skipped", "LOCKED", "running elsewhere: locked by " + held.holder().owner(), null);
                    skipDownstream(id, "UPSTREAM_LOCKED");
                    return;
                }
                ((Locks.Taken) lock).tookOverFrom().ifPresent(old -> {
                    ctx.progress().warn("took over the stale lock of " + id + " from " + old.owner());
                    setup.stopOrphan(id, old);
                });
            }
            long startNs = ctx.clock().now();
            spec = setup.spec(jp, attempt, grant);
            record = setup.startRecord(jp, spec, attempt, startNs);
            ctx.journal().write(record);
            setup.writeLogHeader(spec);
            setup.createOutputParents(jp);
        } catch (IOException e) {
            pool.release(grant);
            stop("SYS_WRITE_ERROR", "cannot write under " + ctx.layout().base() + ": " + e.getMessage());
            end(id, "failed", "SYS_WRITE_ERROR", e.getMessage(), null);
            releaseLock(id);
            return;
        }
        JobRunner.Launched launched;
        try {
            launched = ctx.runner().launch(spec);
        } catch (IOException | RuntimeException e) {
            pool.release(grant);
            String reason = e instanceof JobRunner.LaunchException le ? le.reasonCode() : "START_FAILED";
            failAttempt(jp, record, reason, (reason.equals("START_FAILED") ? "could not start: " : "") + e.getMessage(), null);
            return;
        }
        try {
            Long pidStart = "local".equals(ctx.runner().name()) ? AttemptSetup.processStart(launched.handle()) : null;
            ctx.locks().annotate(id, ctx.owner(), ctx.runner().name(), launched.handle(), pidStart);
        } catch (IOException e) {
            ctx.progress().warn("could not note " + ctx.runner().name() + " job " + launched.handle() + " in the lock of " + id);
        }
        watch(jp, launched, grant, record, attempt, spec);
    }

    /** Starts watching a launched (or adopted) attempt: run record, progress, and its end as an event. */
    private void watch(JobPlan jp, JobRunner.Launched launched, ResourcePool.Grant grant, JobRecord record, int attempt, JobSpec spec) {
        JobId id = jp.id();
        running.put(id, new Running(jp, launched, grant, record));
        String now = Instant.now().toString();
        ctx.recorder().job(id.toString(), j -> j.running(attempt, now, ctx.layout().root().relativize(spec.log()).toString(),
                "local".equals(ctx.runner().name()) ? AttemptSetup.parsePid(launched.handle()) : null, launched.handle()));
        ctx.progress().started(id, attempt, launched.handle());
        launched.exit().whenComplete((exit, error) -> events.offer(new Finished(id,
                error != null ? new JobRunner.Exit(null, "LOST", "lost track of the job: " + error.getMessage()) : exit)));
    }

    private void finished(Finished f) {
        Running r = running.remove(f.job());
        if (r == null) {
            return;
        }
        pool.release(r.grant());
        JobPlan jp = r.plan();
        if ("USER_INTERRUPT".equals(stopReason)) {
            journal(r.record(), JobRecord.INTERRUPTED, Map.of(), f.exit().code(), "INTERRUPTED", "interrupted by the user");
            end(f.job(), "interrupted", "INTERRUPTED", "stopped by " + stopMessage, f.exit().code());
            releaseLock(f.job());
            return;
        }
        if (!f.exit().ok()) {
            String reason = f.exit().reasonCode() != null ? f.exit().reasonCode() : "EXIT_NONZERO";
            String message = f.exit().message() != null ? f.exit().message() : "exited with code " + f.exit().code();
            failAttempt(jp, r.record(), reason, message, f.exit().code());
            return;
        }
        Map<String, Long> outputs = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Artifact out : jp.job().outputs()) {
            Observation o = freshProbe.observe(out);
            if (o.exists()) {
                outputs.put(out.display(), o.mtime());
            } else {
                missing.add(out.display());
            }
        }
        if (!missing.isEmpty()) {
            failAttempt(jp, r.record(), "OUTPUT_NOT_CREATED", "exited 0 but did not create " + String.join(", ", missing), 0);
            return;
        }
        if (!journal(r.record(), JobRecord.SUCCEEDED, outputs, 0, null, null)) {
            end(f.job(), "failed", "SYS_WRITE_ERROR", "could not record the job's success in the journal", 0);
            releaseLock(f.job());
            scheduler.failed(f.job());
            return;
        }
        succeeded++;
        end(f.job(), "succeeded", "SUCCEEDED", null, 0);
        releaseLock(f.job());
        scheduler.succeeded(f.job());
    }

    private void failAttempt(JobPlan jp, JobRecord record, String reason, String message, Integer code) {
        JobId id = jp.id();
        journal(record, JobRecord.FAILED, Map.of(), code, reason, message);
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
            for (JobId j : scheduler.drain(running.keySet())) {
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
            scheduler.drain(running.keySet());
        }
        Duration grace = interrupts > 1 ? Duration.ZERO : ctx.settings().killGrace();
        ctx.progress().warn(interrupts > 1 ? "killing " + running.size() + " running job(s) now"
                : "stopping: terminating " + running.size() + " running job(s); nothing new starts (press Ctrl-C again to kill at once)");
        for (Running r : running.values()) {
            Thread t = new Thread(() -> r.launched().terminate(grace), "morph-stop-" + r.plan().id());
            t.setDaemon(true);
            t.start();
        }
    }

    private void stop(String reason, String message) {
        if (stopReason == null) {
            stopReason = reason;
            stopMessage = message;
        }
    }

    private Outcome outcome() {
        if ("USER_INTERRUPT".equals(stopReason)) {
            return new Outcome(RunState.STOPPED, "USER_INTERRUPT", "interrupted by " + stopMessage, ExitCodes.INTERRUPTED);
        }
        if ("SYS_WRITE_ERROR".equals(stopReason)) {
            return new Outcome(RunState.FAILED, "SYS_WRITE_ERROR", stopMessage, ExitCodes.IO_ERROR);
        }
        if ("FAIL_FAST".equals(stopReason)) {
            return new Outcome(RunState.FAILED, "FAIL_FAST", stopMessage, ExitCodes.JOB_FAILED);
        }
        if (failed > 0) {
            String message = failed + " job(s) failed, " + succeeded + " succeeded";
            return new Outcome(RunState.FAILED, succeeded > 0 ? "PARTIAL_SUCCESS" : "JOB_FAILED", message, ExitCodes.JOB_FAILED);
        }
        if (locked > 0) {
            return new Outcome(RunState.FAILED, "LOCK_CONFLICT", locked + " job(s) were running elsewhere and were skipped",
                    ExitCodes.JOB_FAILED);
        }
        return new Outcome(RunState.COMPLETED, "ALL_JOBS_SUCCEEDED", succeeded + " job(s) succeeded", ExitCodes.OK);
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

    /** Writes the journal record's final state; false when it could not be written. */
    private boolean journal(JobRecord started, String status, Map<String, Long> outputs, Integer code, String reason, String message) {
        try {
            long end = ctx.clock().now();
            ctx.journal().write(started.finish(status, end, outputs, code, reason, message));
            return true;
        } catch (IOException e) {
            stop("SYS_WRITE_ERROR", "cannot write the journal under " + ctx.layout().base() + ": " + e.getMessage());
            return false;
        }
    }
}
