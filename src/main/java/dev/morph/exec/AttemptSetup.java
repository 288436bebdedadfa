package dev.morph.exec;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.Observation;
import dev.morph.journal.JobRecord;
import dev.morph.pipeline.ArtifactKind;
import dev.morph.plan.BoundInput;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prepares one attempt of a job for the {@link Executor}: its spec (argv, workdir, environment, log,
 * time limit), its journal record at start (with the newest input mtime seen now), the log header and
 * the outputs' parent directories — and stops an orphan a killed morph left running the same job.
 */
final class AttemptSetup {
    private final RunContext ctx;
    private final FileSystemProbe freshProbe;

    AttemptSetup(RunContext ctx, FileSystemProbe freshProbe) {
        this.ctx = ctx;
        this.freshProbe = freshProbe;
    }

    JobSpec spec(JobPlan jp, int attempt, ResourcePool.Grant grant) {
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
                env, log, timeout, grant.amounts(),
                jp.job().step().clusterOptions(ctx.workspace().pipeline().executor(), ctx.runner().name()),
                () -> jp.job().outputs().stream().allMatch(a -> freshProbe.observe(a).exists()));
    }

    JobRecord startRecord(JobPlan jp, JobSpec spec, int attempt, long startNs) {
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

    void writeLogHeader(JobSpec spec) throws IOException {
        Files.createDirectories(spec.log().getParent());
        String header = "=== morph: " + spec.id() + " attempt " + spec.attempt() + " in run " + spec.runId() + " at " + Instant.now()
                + "\n=== cd " + spec.workdir() + " && " + CommandRenderer.shellLine(spec.argv()) + "\n";
        StandardOpenOption mode = spec.attempt() == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        Files.writeString(spec.log(), header, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    }

    /** Commands expect their output directories' parents to exist, as Make users learn to arrange by hand. */
    void createOutputParents(JobPlan jp) throws IOException {
        for (Artifact out : jp.job().outputs()) {
            Path p = ctx.workspace().root().resolve(out.path());
            Path parent = out.kind() == ArtifactKind.GLOB ? null : p.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
    }

    /**
     * A morph killed with SIGKILL leaves its local jobs running as orphans; before running the job again
     * we stop that orphan's process tree, so the job never runs twice at once.
     */
    void stopOrphan(JobId id, dev.morph.run.LockInfo old) {
        if (!"local".equals(old.executor()) || !old.owner().onThisHost() || old.executorId() == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(old.executorId()))
                .filter(p -> old.executorStart() == null || java.util.Objects.equals(processStart(old.executorId()), old.executorStart()))
                .filter(ProcessHandle::isAlive)
                .ifPresent(p -> {
                    ctx.progress().warn("stopping " + id + "'s process " + p.pid() + ", left running by " + old.owner());
                    ProcessTrees.terminate(p, ctx.settings().killGrace());
                });
    }

    static Long processStart(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().startInstant()).map(java.time.Instant::toEpochMilli).orElse(null);
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
