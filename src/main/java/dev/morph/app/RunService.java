package dev.morph.app;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.cluster.BatchSystems;
import dev.morph.cluster.ClusterRunner;
import dev.morph.cluster.ClusterRunners;
import dev.morph.discover.Workspace;
import dev.morph.exec.Progress;
import dev.morph.exec.RunContext;
import dev.morph.exec.RunnerFactory;
import dev.morph.pipeline.Durations;
import dev.morph.pipeline.ExecutorConfig;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code run} use case: checks how the run should execute, repeats a resumed run's invocation (what
 * it and the runs it resumed completed is not forced again), picks the local or a cluster runner, and
 * hands the rest to {@link RunSession}.
 */
public final class RunService {
    private final Project project;

    public RunService(Project project) {
        this.project = project;
    }

    /** What the run would do, without doing it ({@code run --dry-run}). */
    public PlanService.Planned dryRun(RunRequest request) {
        Workspace ws = project.open();
        RunState.InvocationRecord record = record(ws, request, resumed(ws, request));
        return new PlanService(project).plan(Invocations.fromRecord(record));
    }

    /** Runs what is stale and records the run; {@code progressFor} shows it as it goes. */
    public RunSession.Result run(RunRequest request, Function<RunWatch, Progress> progressFor) {
        Workspace ws = project.open().requireExperiments();
        Optional<RunState> resumed = resumed(ws, request);
        RunState.InvocationRecord record = record(ws, request, resumed);
        String kind = record.executor() != null ? record.executor() : ws.pipeline().executor().defaultExecutor();
        record = Invocations.withExecutor(record, kind);
        RunRequest.Execution given = request.execution();
        boolean local = ExecutorConfig.LOCAL.equals(kind);
        if (!local && given.maxSubmitted() < 1) {
            throw MorphException.usage("--max-submitted must be at least 1, not " + given.maxSubmitted());
        }
        // on a cluster the scheduler places jobs by their resources; morph only limits how many are queued
        RunContext.Settings settings = new RunContext.Settings(local ? record.jobs() : given.maxSubmitted(),
                local ? totals(ws, record.resources()) : Resources.NONE, record.retries(), record.failFast(),
                record.timeout() == null ? null : Durations.parse(record.timeout()), duration("--kill-grace", given.killGrace()));
        Duration latency = duration("--latency-wait", given.latencyWait());
        RunnerFactory runners = local ? RunnerFactory.local()
                : new ClusterRunners(BatchSystems.of(kind).orElseThrow(), new ClusterRunner.Settings(
                        duration("--poll-interval", given.pollInterval()), latency, given.submitRate()),
                        ws.pipeline().steps().stream().filter(Step::alwaysLocal).map(Step::name).collect(Collectors.toSet()));
        String resumeLine = "morph -p " + ws.pipeline().file().toAbsolutePath() + " -r " + ws.root() + " run --resume";
        RunSession.Options options = new RunSession.Options(request.runId(), settings, record, resumed.map(RunState::runId).orElse(null),
                done(project.runs(ws), resumed), resumeLine, project.heartbeatExpiry(), latency);
        return RunSession.run(ws, Invocations.fromRecord(record), options, runners, progressFor);
    }

    private Optional<RunState> resumed(Workspace ws, RunRequest request) {
        return Optional.ofNullable(request.resume()).map(id -> resumable(project.runs(ws), id));
    }

    /** The invocation to record: the one given, or the resumed run's with how to execute changed as given. */
    private static RunState.InvocationRecord record(Workspace ws, RunRequest request, Optional<RunState> resumed) {
        RunRequest.Execution given = request.execution();
        if (resumed.isPresent()) {
            if (request.planGiven()) {
                throw MorphException.usage("--resume repeats that run's targets, selection, force and params; drop them from the command line");
            }
            return Invocations.resumedWith(resumed.get().origin().invocation(), given);
        }
        int jobs = given.jobs() == null ? Runtime.getRuntime().availableProcessors() : given.jobs();
        if (jobs < 1) {
            throw MorphException.usage("-j must be at least 1, not " + jobs);
        }
        if (given.retries() < 0) {
            throw MorphException.usage("--retries must be 0 or more, not " + given.retries());
        }
        if (given.timeout() != null) {
            duration("--timeout", given.timeout());
        }
        if (given.resources() != null) {
            checkNames(ws, parseResources(given.resources()));
        }
        if (given.executor() != null && !ExecutorConfig.KINDS.contains(given.executor())) {
            throw MorphException.usage("--executor '" + given.executor() + "' must be local, slurm or sge");
        }
        return Invocations.toRecord(request.invocation(), jobs, given.resources(), given.retries(), given.failFast(), given.timeout(),
                given.executor());
    }

    private static RunState resumable(RunStore store, String id) {
        RunState run = RunHistory.read(store, id);
        if (run.inProgress() && !store.isLost(run)) {
            throw MorphException.usage("run '" + id + "' is still in progress (" + run.origin().owner() + "); wait for it or stop it first");
        }
        return run;
    }

    /** Jobs completed by the resumed run and the runs it resumed in turn. */
    private static Set<JobId> done(RunStore store, Optional<RunState> resumed) {
        Set<JobId> done = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Optional<RunState> run = resumed;
        while (run.isPresent() && seen.add(run.get().runId())) {
            run.get().jobs().stream().filter(j -> j.status() == JobStatus.SUCCEEDED).forEach(j -> done.add(JobId.parse(j.id())));
            run = Optional.ofNullable(run.get().origin().resumeOf()).flatMap(store::read);
        }
        return done;
    }

    private static Resources totals(Workspace ws, String given) {
        Resources totals = ws.pipeline().resources();
        if (!totals.amounts().containsKey(Resources.CPUS)) {
            totals = totals.with(new Resources(Map.of(Resources.CPUS, (long) Runtime.getRuntime().availableProcessors())));
        }
        return given == null ? totals : totals.with(parseResources(given));
    }

    /** Every resource named in {@code --resources} is one the pipeline's steps ask for, or cpus, gpus or memory. */
    private static void checkNames(Workspace ws, Resources given) {
        Set<String> known = new TreeSet<>(List.of(Resources.CPUS, Resources.GPUS, Resources.MEM_MB));
        known.addAll(ws.pipeline().resources().amounts().keySet());
        ws.pipeline().steps().forEach(s -> known.addAll(s.resources().amounts().keySet()));
        for (String name : given.amounts().keySet()) {
            if (!known.contains(name)) {
                throw MorphException.usage("--resources: unknown resource '" + name + "'" + Suggest.didYouMean(name, known)
                        + " (known: " + String.join(", ", known) + "; memory also as mem or mem_gb)");
            }
        }
    }

    private static Resources parseResources(String text) {
        try {
            return Resources.parseList(text);
        } catch (IllegalArgumentException e) {
            throw MorphException.usage("--resources: " + e.getMessage());
        }
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw MorphException.usage(option + ": " + e.getMessage());
        }
    }
}
