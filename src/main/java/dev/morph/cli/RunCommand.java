package dev.morph.cli;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.discover.Selection;
import dev.morph.cluster.BatchSystems;
import dev.morph.cluster.ClusterRunner;
import dev.morph.cluster.ClusterRunners;
import dev.morph.exec.RunContext;
import dev.morph.exec.RunnerFactory;
import dev.morph.pipeline.ExecutorConfig;
import dev.morph.session.RunSession;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.pipeline.Durations;
import dev.morph.pipeline.Resources;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.Plan;
import dev.morph.project.Invocation;
import dev.morph.project.Workspace;
import dev.morph.report.PlanText;
import dev.morph.report.RunProgress;
import dev.morph.report.RunReport;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.state.Clock;
import dev.morph.state.StateLayout;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code morph run}: run what is stale, in parallel, and record it. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = MorphCommand.Version.class,
        description = "Run the stale jobs of the targets in dependency order, in parallel, and record the run.")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    MorphCommand root;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    TargetOptions targets;

    @Mixin
    SelectionOptions selection;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Jobs at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--resources", paramLabel = "NAME=N,…", description = "Resource totals jobs share, e.g. gpus=1,mem_gb=64 (default: the pipeline's; cpus: the cores).")
    String resources;

    @Option(names = "--fail-fast", description = "Start nothing new after the first failure.")
    boolean failFast;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0", description = "Retry a failed job up to N times.")
    int retries;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Time limit for every job (overrides the steps' own), e.g. 30m.")
    String timeout;

    @Option(names = "--kill-grace", paramLabel = "DURATION", defaultValue = "10s", description = "Between TERM and KILL when stopping a job (default: 10s).")
    String killGrace;

    @Option(names = "--run-id", paramLabel = "ID", description = "Use this run ID instead of a generated one.")
    String runId;

    @Option(names = {"-n", "--dry-run"}, description = "Print the plan and run nothing.")
    boolean dryRun;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "Repeat that run's invocation; what it completed is not rerun unless stale again.")
    String resume;

    @Option(names = "--executor", paramLabel = "local|slurm|sge", description = "Where jobs run (default: the pipeline's executor default, else local).")
    String executor;

    @Option(names = "--max-submitted", paramLabel = "N", defaultValue = "100", description = "Cluster: jobs in the scheduler's queue at once (default: 100).")
    int maxSubmitted;

    @Option(names = "--submit-rate", paramLabel = "N", defaultValue = "10", description = "Cluster: submissions per second at most (default: 10).")
    double submitRate;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", description = "Cluster: between status queries (default: 2s).")
    String pollInterval;

    @Option(names = "--latency-wait", paramLabel = "DURATION", defaultValue = "10s", description = "Cluster: how long to wait for exit-code files and outputs to show on a shared file system (default: 10s).")
    String latencyWait;

    @Override
    public Integer call() {
        Workspace ws = root.workspace();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StateLayout layout = new StateLayout(ws.root());
        Duration expiry = root.heartbeatExpiry();
        Optional<RunState> resumed = Optional.ofNullable(resume).map(id -> resumable(layout, expiry, id));
        RunState.InvocationRecord record = resumed.map(r -> merge(r.invocation())).orElseGet(this::record);
        Invocation invocation = Invocations.fromRecord(record);
        if (dryRun) {
            Plan plan = invocation.plan(ws, new JournalHistory(new Journal(layout)));
            new PlanText(root.style(), new CommandRenderer(ws.root())).print(plan, null, out);
            return ExitCodes.OK;
        }
        String kind = record.executor() != null ? record.executor() : ws.pipeline().executor().defaultExecutor();
        record = new RunState.InvocationRecord(record.targets(), record.only(), record.experiments(), record.laterThan(),
                record.earlierThan(), record.force(), record.forceSteps(), record.params(), record.rerunTriggers(), record.jobs(),
                record.resources(), record.retries(), record.failFast(), record.timeout(), kind);
        boolean local = ExecutorConfig.LOCAL.equals(kind);
        if (!local && maxSubmitted < 1) {
            throw MorphException.usage("--max-submitted must be at least 1, not " + maxSubmitted);
        }
        // on a cluster the scheduler places jobs by their resources; morph only limits how many are queued
        RunContext.Settings settings = new RunContext.Settings(local ? record.jobs() : maxSubmitted,
                local ? totals(ws, record.resources()) : Resources.NONE, record.retries(), record.failFast(),
                record.timeout() == null ? null : Durations.parse(record.timeout()), duration("--kill-grace", killGrace));
        Duration latency = duration("--latency-wait", latencyWait);
        RunnerFactory runners = local ? RunnerFactory.local()
                : new ClusterRunners(BatchSystems.of(kind).orElseThrow(), new ClusterRunner.Settings(duration("--poll-interval", pollInterval),
                        latency, submitRate));
        String resumeLine = "morph -p " + ws.pipeline().file().toAbsolutePath() + " -r " + ws.root() + " run --resume";
        RunSession.Options options = new RunSession.Options(runId, settings, record, resume, done(layout, expiry, resumed),
                resumeLine, expiry, latency);
        RunSession.Result result = RunSession.run(ws, invocation, options, runners,
                state -> new RunProgress(out, root.style(), root.environment.terminal(), state));
        root.warnings(result.warnings());
        new RunReport(root.style()).summary(result.state(), out);
        if (result.exitCode() == ExitCodes.IO_ERROR || result.exitCode() == ExitCodes.USAGE) {
            err.println("morph: error: " + result.state().reasonCode() + ": " + result.state().message());
        }
        err.flush();
        return result.exitCode();
    }

    private RunState.InvocationRecord record() {
        Selection sel = selection.selection();
        Invocation inv = targets.invocation(sel);
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw MorphException.usage("-j must be at least 1, not " + j);
        }
        if (retries < 0) {
            throw MorphException.usage("--retries must be 0 or more, not " + retries);
        }
        if (timeout != null) {
            duration("--timeout", timeout);
        }
        if (resources != null) {
            parseResources(resources);
        }
        if (executor != null && !ExecutorConfig.KINDS.contains(executor)) {
            throw MorphException.usage("--executor '" + executor + "' must be local, slurm or sge");
        }
        return Invocations.toRecord(inv, j, resources, retries, failFast, timeout, executor);
    }

    /** A resumed run repeats the old invocation; only how it executes may be changed now. */
    private RunState.InvocationRecord merge(RunState.InvocationRecord old) {
        if (!targets.targets.isEmpty() || !selection.experiments.isEmpty() || selection.laterThan != null || selection.earlierThan != null
                || targets.force || !targets.forceSteps.isEmpty() || !targets.params.isEmpty() || targets.only) {
            throw MorphException.usage("--resume repeats that run's targets, selection, force and params; drop them from the command line");
        }
        return new RunState.InvocationRecord(old.targets(), old.only(), old.experiments(), old.laterThan(), old.earlierThan(), old.force(),
                old.forceSteps(), old.params(), old.rerunTriggers(), jobs != null ? jobs : old.jobs(),
                resources != null ? resources : old.resources(), retries > 0 ? retries : old.retries(), failFast || old.failFast(),
                timeout != null ? timeout : old.timeout(), executor != null ? executor : old.executor());
    }

    private static RunState resumable(StateLayout layout, Duration expiry, String id) {
        RunStore store = new RunStore(layout, Clock.SYSTEM, expiry);
        RunState run = store.read(id).orElseThrow(() -> MorphException.usage("no run '" + id + "' under " + layout.runs()
                + dev.morph.Suggest.didYouMean(id, store.list().stream().map(RunState::runId).toList()) + "; 'morph runs' lists them"));
        if (run.inProgress() && !store.isLost(run)) {
            throw MorphException.usage("run '" + id + "' is still in progress (" + run.owner() + "); wait for it or stop it first");
        }
        return run;
    }

    /** Jobs completed by the resumed run and the runs it resumed in turn. */
    private static Set<JobId> done(StateLayout layout, Duration expiry, Optional<RunState> resumed) {
        Set<JobId> done = new HashSet<>();
        RunStore store = new RunStore(layout, Clock.SYSTEM, expiry);
        Set<String> seen = new HashSet<>();
        Optional<RunState> run = resumed;
        while (run.isPresent() && seen.add(run.get().runId())) {
            run.get().jobs().stream().filter(j -> "succeeded".equals(j.status())).forEach(j -> done.add(JobId.parse(j.id())));
            run = Optional.ofNullable(run.get().resumeOf()).flatMap(store::read);
        }
        return done;
    }

    private static Resources totals(Workspace ws, String given) {
        Resources totals = ws.pipeline().resources();
        if (!totals.amounts().containsKey(Resources.CPUS)) {
            totals = totals.with(new Resources(java.util.Map.of(Resources.CPUS, (long) Runtime.getRuntime().availableProcessors())));
        }
        return given == null ? totals : totals.with(parseResources(given));
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
