package dev.morph.exec;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.Observation;
import dev.morph.journal.JobRecord;
import dev.morph.pipeline.ArtifactKind;
import dev.morph.pipeline.JobEnvironment;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Source;
import dev.morph.run.LockInfo;
import dev.morph.run.Locks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file work around one attempt of a job, for the {@link Executor}: before it runs, its lock, spec
 * (argv, workdir, environment, log, time limit), durable journal record at start (with the newest input
 * mtime seen now), outputs' parent directories and log header; after it, its durable end record and
 * the lock's release; and stopping an orphan a killed morph left running the same job. {@link #prepare}
 * and {@link #settle} run on the executor's I/O threads, so that one job's fsyncs overlap another's
 * and the orchestrator's own work; the orchestrator only decides and starts processes.
 */
final class AttemptSetup {
    /** What preparing an attempt came to. */
    sealed interface Prepared {
    }

    /**
     * Its start record is durable: it may be launched (soon: {@code preparedAt}, in {@link dev.morph.store.TimeSource#nanoTime}).
     * {@code previous} is the record it replaced, put back if the job is never launched.
     */
    record Ready(JobSpec spec, JobRecord record, Optional<JobRecord> previous, long preparedAt) implements Prepared {
    }

    /** Another run holds its lock; nothing was written. */
    record Locked(LockInfo holder) implements Prepared {
    }

    /** Its state could not be written ({@code SYS_WRITE_ERROR}); its lock may be held. */
    record NotWritten(IOException error) implements Prepared {
    }

    private final RunContext ctx;
    private final FileSystemProbe freshProbe;

    AttemptSetup(RunContext ctx, FileSystemProbe freshProbe) {
        this.ctx = ctx;
        this.freshProbe = freshProbe;
    }

    /**
     * Takes the job's lock (unless it holds it: retries, a refreshed preparation), then writes its start
     * record, durably, before anything that could change its outputs: if morph or the machine dies while
     * the job runs, the next plan finds the record and reruns the job ({@code INCOMPLETE}). Then its
     * outputs' parent directories.
     */
    Prepared prepare(JobPlan jp, int attempt, ResourcePool.Grant grant, boolean takeLock) {
        return prepare(jp, attempt, grant, takeLock, false);
    }

    /**
     * {@code held}: launched held on upstream jobs that have yet to write its inputs, so its start record
     * records no newest input (a later morph that settles or adopts it must not take the inputs its
     * upstream jobs wrote for changes during its build); the run that watches it to its end rewrites the
     * record as of its real start ({@link #restarted}).
     */
    Prepared prepare(JobPlan jp, int attempt, ResourcePool.Grant grant, boolean takeLock, boolean held) {
        JobId id = jp.id();
        try {
            if (takeLock) {
                Locks.Acquired lock = ctx.locks().acquire(id, ctx.owner());
                if (lock instanceof Locks.HeldBy other) {
                    return new Locked(other.holder());
                }
                ((Locks.Taken) lock).tookOverFrom().ifPresent(old -> {
                    ctx.progress().warn("took over the stale lock of " + id + " from " + old.owner());
                    stopOrphan(id, old);
                });
            }
            Optional<JobRecord> previous = ctx.journal().load(id);
            long startNs = ctx.clock().now();
            long preparedAt = ctx.time().nanoTime(); // the start record's age counts from its start time
            JobSpec spec = spec(jp, attempt, grant);
            JobRecord record = startRecord(jp, spec, attempt, startNs);
            if (held) {
                record = new JobRecord(record.job(), record.attempt(), record.command(),
                        new JobRecord.Inputs(Long.MAX_VALUE, null, record.inputs().experiments()), record.outcome());
            }
            ctx.journal().write(record);
            createOutputParents(jp);
            return new Ready(spec, record, previous, preparedAt);
        } catch (IOException e) {
            return new NotWritten(e);
        }
    }

    /**
     * Writes the attempt's end record, durably, stamped with the file system's time now, and for a
     * success then releases the job's lock (other ends keep it: a retry needs it). Returns the record,
     * and the error that stopped it being written, or null.
     */
    Settled settle(JobId id, JobRecord started, AttemptEnd end) {
        JobRecord done = started.with(end.record(started.attempt().startedNs()));
        try {
            done = started.with(end.record(ctx.clock().now()));
            ctx.journal().write(done);
        } catch (IOException e) {
            return new Settled(done, e);
        }
        if (done.succeeded()) {
            releaseLock(id);
        }
        return new Settled(done, null);
    }

    /** Removes the job's lock if this run holds it; a lock that cannot be removed is a warning (it goes stale with this run). */
    void releaseLock(JobId id) {
        try {
            ctx.locks().release(id, ctx.owner());
        } catch (IOException e) {
            ctx.progress().warn("could not remove the lock of " + id + ": " + e.getMessage());
        }
    }

    /** An attempt's end record, and the error that kept it from the journal (null when it is durable). */
    record Settled(JobRecord record, IOException error) {
    }

    JobSpec spec(JobPlan jp, int attempt, ResourcePool.Grant grant) {
        JobId id = jp.id();
        Path log = ctx.layout().log(ctx.runId(), id.step(), id.experiment());
        JobEnvironment lab = ctx.workspace().pipeline().environment().then(jp.job().step().environment());
        Map<String, String> env = new TreeMap<>(lab.env());
        env.putAll(CommandRenderer.paramEnv(jp.job()));
        env.put("MORPH_RUN_ID", ctx.runId());
        env.put("MORPH_STEP", id.step());
        env.put("MORPH_EXPERIMENT", id.experiment() == null ? "" : id.experiment());
        env.put("MORPH_DATA_ROOT", ctx.workspace().root().toString());
        env.put("MORPH_JOB_LOG", log.toString());
        env.put("MORPH_ATTEMPT", Integer.toString(attempt));
        grant.amounts().amounts().forEach((k, v) -> env.put("MORPH_RES_" + k.toUpperCase(Locale.ROOT), Long.toString(v)));
        if (!grant.gpus().isEmpty()) {
            String devices = String.join(",", grant.gpus().stream().map(String::valueOf).toList());
            env.put("CUDA_VISIBLE_DEVICES", devices);
            env.put("MORPH_GPU_IDS", devices);
        }
        Duration timeout = ctx.settings().timeout() != null ? ctx.settings().timeout() : jp.job().step().timeout().orElse(null);
        return new JobSpec(id, ctx.runId(), attempt, lab.wrap(ctx.commands().argv(jp, ctx.runId())), ctx.commands().workdir(jp, ctx.runId()),
                env, log, timeout, grant.amounts(),
                jp.job().step().clusterOptions(ctx.workspace().pipeline().executor(), ctx.runner().name()),
                () -> jp.job().outputs().stream().allMatch(a -> freshProbe.observe(a).exists()));
    }

    /**
     * Rewrites the start record of an attempt that was held in a scheduler's queue as of when it really
     * started ({@code startNs}, a file-system time), durably: its inputs are its upstream jobs' outputs
     * as they were then. Inputs are seen now, so one newer than its start is recorded as changed during
     * the build.
     */
    JobRecord restarted(JobPlan jp, JobSpec spec, JobRecord started, long startNs) throws IOException {
        JobRecord fresh = startRecord(jp, spec, started.attempt().number(), startNs);
        JobRecord.Inputs in = fresh.inputs();
        JobRecord.Attempt a = started.attempt();
        JobRecord record = new JobRecord(fresh.job(), new JobRecord.Attempt(a.runId(), a.host(), a.pid(), a.number(), startNs), fresh.command(),
                new JobRecord.Inputs(Math.min(in.newestNs(), startNs), in.newest(), in.experiments()), fresh.outcome());
        ctx.journal().write(record);
        return record;
    }

    /** {@link #settle} for an attempt held in a scheduler's queue, its start record first rewritten as of {@code startNs}. */
    Settled settleHeld(JobPlan jp, JobSpec spec, JobRecord submitted, AttemptEnd end, long startNs) {
        try {
            return settle(jp.id(), restarted(jp, spec, submitted, startNs), end);
        } catch (IOException e) {
            return new Settled(submitted.with(end.record(submitted.attempt().startedNs())), e);
        }
    }

    JobRecord startRecord(JobPlan jp, JobSpec spec, int attempt, long startNs) {
        long newest = Long.MIN_VALUE;
        String newestPath = null;
        for (Source s : jp.sourcesRead()) {
            Observation o = freshProbe.observe(s.artifact());
            if (o.exists() && o.mtime() > newest) {
                newest = o.mtime();
                newestPath = o.newest();
            }
        }
        return new JobRecord(jp.id(), new JobRecord.Attempt(ctx.runId(), ctx.owner().host(), ctx.owner().pid(), attempt, startNs),
                new JobRecord.Command(spec.argv(), CommandRenderer.template(jp.job().step()), jp.job().params()),
                new JobRecord.Inputs(newest, newestPath, jp.experimentSet().orElse(null)), JobRecord.Outcome.running());
    }

    void writeLogHeader(JobSpec spec) throws IOException {
        if (!Files.isDirectory(spec.log().getParent())) {
            Files.createDirectories(spec.log().getParent());
        }
        String header = "=== morph: " + spec.id() + " attempt " + spec.attempt() + " in run " + spec.runId() + " at " + ctx.time().now()
                + "\n=== cd " + spec.workdir() + " && " + CommandRenderer.shellLine(spec.argv()) + "\n";
        StandardOpenOption mode = spec.attempt() == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        Files.writeString(spec.log(), header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    }

    /** Commands expect their output directories' parents to exist, as Make users learn to arrange by hand. */
    void createOutputParents(JobPlan jp) throws IOException {
        for (Artifact out : jp.job().outputs()) {
            Path p = ctx.workspace().root().resolve(out.path());
            Path parent = out.kind() == ArtifactKind.GLOB ? null : p.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
        }
    }

    /** Notes in the job's lock which process runs it, for whoever must stop it if this morph dies. */
    void annotate(JobId id, JobRunner.Launched launched) {
        String handle = launched.handle();
        String executor = launched.executor() != null ? launched.executor() : ctx.runner().name();
        try {
            Long pidStart = "local".equals(executor) ? processStart(handle) : null;
            ctx.locks().annotate(id, ctx.owner(), executor, handle, pidStart);
        } catch (IOException e) {
            ctx.progress().warn("could not note " + ctx.runner().name() + " job " + handle + " in the lock of " + id);
        }
    }

    /**
     * A morph killed with SIGKILL leaves its local jobs running as orphans; before running the job again
     * we stop that orphan's process tree, so the job never runs twice at once.
     */
    void stopOrphan(JobId id, LockInfo old) {
        if (!"local".equals(old.executor()) || !old.owner().onThisHost() || old.executorId() == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(old.executorId()))
                .filter(p -> old.executorStart() == null || Objects.equals(processStart(old.executorId()), old.executorStart()))
                .filter(ProcessHandle::isAlive)
                .ifPresent(p -> {
                    ctx.progress().warn("stopping " + id + "'s process " + p.pid() + ", left running by " + old.owner());
                    ProcessTrees.terminate(p, ctx.settings().killGrace());
                });
    }

    static Long processStart(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().startInstant()).map(Instant::toEpochMilli).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long parsePid(String handle) {
        try {
            return Long.parseLong(handle);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
