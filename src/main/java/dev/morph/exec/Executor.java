package dev.morph.exec;

import dev.morph.ExitCodes;
import dev.morph.artifact.Artifact;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.Observation;
import dev.morph.journal.JobRecord;
import dev.morph.pipeline.ArtifactKind;
import dev.morph.plan.BoundInput;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.plan.Source;
import dev.morph.run.Locks;
import dev.morph.run.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    }

    /** Asks the run to stop (from a signal handler): nothing new starts, running jobs are terminated. */
    public void interrupt(String signal) {
        events.offer(new Interrupt(signal));
    }

    public Outcome execute(Plan toExecute) {
        this.plan = toExecute;
        this.scheduler = new Scheduler(plan.toRun().stream().map(JobPlan::id).toList(), plan.dag());
        this.pool = new ResourcePool(ctx.settings().totals());
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
        }
        return outcome();
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
                ((Locks.Taken) lock).tookOverFrom().ifPresent(old -> ctx.progress().warn(
                        "took over the stale lock of " + id + " from " + old.owner()));
            }
            long startNs = ctx.clock().now();
            spec = spec(jp, attempt, grant);
            record = startRecord(jp, spec, attempt, startNs);
            ctx.journal().write(record);
            writeLogHeader(spec);
            createOutputParents(jp);
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
            String why = "could not start: " + e.getMessage();
            failAttempt(jp, record, "START_FAILED", why, null);
            return;
        }
        running.put(id, new Running(jp, launched, grant, record));
        String now = Instant.now().toString();
        ctx.recorder().job(id.toString(), j -> new RunState.JobEntry(j.id(), j.step(), j.experiment(), j.reasons(), "running",
                null, null, attempt, j.startedAt() == null ? now : j.startedAt(), null, null,
                ctx.layout().root().relativize(spec.log()).toString(), parsePid(launched.handle()), launched.handle(), null));
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
            ctx.recorder().job(id.toString(), j -> new RunState.JobEntry(j.id(), j.step(), j.experiment(), j.reasons(), "pending",
                    reason, message + "; retrying (attempt " + (attempt + 1) + " of " + (ctx.settings().retries() + 1) + ")",
                    attempt, j.startedAt(), null, code, j.log(), null, null, null));
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
        ctx.recorder().job(id.toString(), j -> new RunState.JobEntry(j.id(), j.step(), j.experiment(), j.reasons(), status,
                reason, message, attempts.getOrDefault(id, 0), j.startedAt(), j.attempts() > 0 || attempts.getOrDefault(id, 0) > 0 ? now : null,
                code, j.log(), j.pid(), j.executorId(), j.executorState()));
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

    private JobSpec spec(JobPlan jp, int attempt, ResourcePool.Grant grant) {
        JobId id = jp.id();
        Path log = ctx.layout().log(ctx.runId(), id.step(), id.experiment());
        Map<String, String> env = new TreeMap<>(CommandRenderer.paramEnv(jp.job()));
        env.put("MORPH_RUN_ID", ctx.runId());
        env.put("MORPH_STEP", id.step());
        env.put("MORPH_EXPERIMENT", id.experiment() == null ? "" : id.experiment());
        env.put("MORPH_DATA_ROOT", ctx.workspace().root().toString());
        env.put("MORPH_JOB_LOG", log.toString());
        env.put("MORPH_ATTEMPT", Integer.toString(attempt));
        grant.amounts().amounts().forEach((k, v) -> env.put("MORPH_RES_" + k.toUpperCase(java.util.Locale.ROOT), Long.toString(v)));
        if (!grant.gpus().isEmpty()) {
            String devices = String.join(",", grant.gpus().stream().map(String::valueOf).toList());
            env.put("CUDA_VISIBLE_DEVICES", devices);
            env.put("MORPH_GPU_IDS", devices);
        }
        Duration timeout = ctx.settings().timeout() != null ? ctx.settings().timeout() : jp.job().step().timeout().orElse(null);
        return new JobSpec(id, ctx.runId(), attempt, ctx.commands().argv(jp, ctx.runId()), ctx.commands().workdir(jp, ctx.runId()),
                env, log, timeout, grant.amounts());
    }

    private JobRecord startRecord(JobPlan jp, JobSpec spec, int attempt, long startNs) {
        long newest = Long.MIN_VALUE;
        String newestPath = null;
        List<String> included = jp.experimentSet().orElse(null);
        for (BoundInput in : jp.job().inputs()) {
            for (Source s : in.sources()) {
                if (in.fanIn() && included != null && !included.contains(s.experiment())) {
                    continue;
                }
                Observation o = freshProbe.observe(s.artifact());
                if (o.exists() && o.mtime() > newest) {
                    newest = o.mtime();
                    newestPath = o.newest();
                }
            }
        }
        JobId id = jp.id();
        return new JobRecord(id.toString(), id.step(), id.experiment(), JobRecord.RUNNING, ctx.runId(), ctx.owner().host(),
                ctx.owner().pid(), attempt, startNs, null, spec.argv(), CommandRenderer.template(jp.job().step()),
                jp.job().params(), newest, newestPath, Map.of(), included, null, null, null);
    }

    private void writeLogHeader(JobSpec spec) throws IOException {
        Files.createDirectories(spec.log().getParent());
        String header = "=== morph: " + spec.id() + " attempt " + spec.attempt() + " in run " + spec.runId() + " at " + Instant.now()
                + "\n=== cd " + spec.workdir() + " && " + CommandRenderer.shellLine(spec.argv()) + "\n";
        StandardOpenOption mode = spec.attempt() == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        Files.writeString(spec.log(), header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    }

    /** Commands expect their output directories' parents to exist, as Make users learn to arrange by hand. */
    private void createOutputParents(JobPlan jp) throws IOException {
        for (Artifact out : jp.job().outputs()) {
            Path p = ctx.workspace().root().resolve(out.path());
            Path parent = out.kind() == ArtifactKind.GLOB ? null : p.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
    }

    private static Long parsePid(String handle) {
        try {
            return Long.parseLong(handle);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
