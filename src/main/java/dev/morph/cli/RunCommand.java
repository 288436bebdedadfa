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
import dev.morph.app.RunSession;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.pipeline.Durations;
import dev.morph.pipeline.Resources;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.Plan;
import dev.morph.app.Invocation;
import dev.morph.app.Workspace;
import dev.morph.report.PlanText;
import dev.morph.report.RunProgress;
import dev.morph.report.RunReport;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph run}: run what is stale, in parallel, and record it. */
public final class RunCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final TargetOptions targets;
    private final SelectionOptions selection;
    private final OptionSpec jobs;
    private final OptionSpec resources;
    private final OptionSpec failFast;
    private final OptionSpec retries;
    private final OptionSpec timeout;
    private final OptionSpec killGrace;
    private final OptionSpec runId;
    private final OptionSpec dryRun;
    private final OptionSpec resume;
    private final OptionSpec executor;
    private final OptionSpec maxSubmitted;
    private final OptionSpec submitRate;
    private final OptionSpec pollInterval;
    private final OptionSpec latencyWait;

    RunCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("run", this, "Run the stale jobs of the targets in dependency order, in parallel, and record the run.");
        targets = new TargetOptions(spec);
        selection = new SelectionOptions(spec);
        jobs = Specs.option(spec, Integer.class, "N", "Jobs at once (default: the number of cores).", "-j", "--jobs");
        resources = Specs.option(spec, String.class, "NAME=N,…",
                "Resource totals jobs share, e.g. gpus=1,mem_gb=64 (default: the pipeline's; cpus: the cores).", "--resources");
        failFast = Specs.flag(spec, "Start nothing new after the first failure.", "--fail-fast");
        retries = defaulted(int.class, "0", "N", "Retry a failed job up to N times.", "--retries");
        timeout = Specs.option(spec, String.class, "DURATION", "Time limit for every job (overrides the steps' own), e.g. 30m.", "--timeout");
        killGrace = defaulted(String.class, "10s", "DURATION", "Between TERM and KILL when stopping a job (default: 10s).", "--kill-grace");
        runId = Specs.option(spec, String.class, "ID", "Use this run ID instead of a generated one.", "--run-id");
        dryRun = Specs.flag(spec, "Print the plan and run nothing.", "-n", "--dry-run");
        resume = Specs.option(spec, String.class, "RUN_ID",
                "Repeat that run's invocation; what it completed is not rerun unless stale again.", "--resume");
        executor = Specs.option(spec, String.class, "local|slurm|sge",
                "Where jobs run (default: the pipeline's executor default, else local).", "--executor");
        maxSubmitted = defaulted(int.class, "100", "N", "Cluster: jobs in the scheduler's queue at once (default: 100).", "--max-submitted");
        submitRate = defaulted(double.class, "10", "N", "Cluster: submissions per second at most (default: 10).", "--submit-rate");
        pollInterval = defaulted(String.class, "2s", "DURATION", "Cluster: between status queries (default: 2s).", "--poll-interval");
        latencyWait = defaulted(String.class, "10s", "DURATION",
                "Cluster: how long to wait for exit-code files and outputs to show on a shared file system (default: 10s).", "--latency-wait");
    }

    private OptionSpec defaulted(Class<?> type, String byDefault, String label, String description, String name) {
        return Specs.add(spec, OptionSpec.builder(name).type(type).defaultValue(byDefault).paramLabel(label).description(description));
    }

    /** The options' values, read once. */
    private record Given(Integer jobs, String resources, boolean failFast, int retries, String timeout, String killGrace,
                         String runId, boolean dryRun, String resume, String executor, int maxSubmitted, double submitRate,
                         String pollInterval, String latencyWait) {
    }

    private Given given() {
        return new Given(jobs.getValue(), resources.getValue(), Specs.isSet(failFast), retries.<Integer>getValue(), timeout.getValue(),
                killGrace.getValue(), runId.getValue(), Specs.isSet(dryRun), resume.getValue(), executor.getValue(),
                maxSubmitted.<Integer>getValue(), submitRate.<Double>getValue(), pollInterval.getValue(), latencyWait.getValue());
    }

    @Override
    public Integer call() {
        Given given = given();
        Workspace ws = root.workspace();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StateLayout layout = new StateLayout(ws.root());
        Duration expiry = root.heartbeatExpiry();
        Optional<RunState> resumed = Optional.ofNullable(given.resume()).map(id -> resumable(layout, expiry, id));
        RunState.InvocationRecord record = resumed.map(r -> merge(given, r.origin().invocation())).orElseGet(() -> record(given));
        Invocation invocation = Invocations.fromRecord(record);
        if (given.dryRun()) {
            Plan plan = invocation.plan(ws, new JournalHistory(new Journal(layout)));
            new PlanText(root.style(), new CommandRenderer(ws.root())).print(plan, null, out);
            return ExitCodes.OK;
        }
        String kind = record.executor() != null ? record.executor() : ws.pipeline().executor().defaultExecutor();
        record = new RunState.InvocationRecord(record.targets(), record.only(), record.experiments(), record.laterThan(),
                record.earlierThan(), record.force(), record.forceSteps(), record.params(), record.rerunTriggers(), record.jobs(),
                record.resources(), record.retries(), record.failFast(), record.timeout(), kind);
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
                : new ClusterRunners(BatchSystems.of(kind).orElseThrow(), new ClusterRunner.Settings(duration("--poll-interval", given.pollInterval()),
                        latency, given.submitRate()));
        String resumeLine = "morph -p " + ws.pipeline().file().toAbsolutePath() + " -r " + ws.root() + " run --resume";
        RunSession.Options options = new RunSession.Options(given.runId(), settings, record, given.resume(), done(layout, expiry, resumed),
                resumeLine, expiry, latency);
        RunSession.Result result = RunSession.run(ws, invocation, options, runners,
                state -> new RunProgress(out, root.style(), root.environment.terminal(), state));
        root.warnings(result.warnings());
        new RunReport(root.style()).summary(result.state(), out);
        if (result.exitCode() == ExitCodes.IO_ERROR || result.exitCode() == ExitCodes.USAGE) {
            err.println("morph: error: " + result.state().outcome().reason() + ": " + result.state().outcome().message());
        }
        err.flush();
        return result.exitCode();
    }

    private RunState.InvocationRecord record(Given given) {
        Selection sel = selection.selection();
        Invocation inv = targets.invocation(sel);
        int j = given.jobs() == null ? Runtime.getRuntime().availableProcessors() : given.jobs();
        if (j < 1) {
            throw MorphException.usage("-j must be at least 1, not " + j);
        }
        if (given.retries() < 0) {
            throw MorphException.usage("--retries must be 0 or more, not " + given.retries());
        }
        if (given.timeout() != null) {
            duration("--timeout", given.timeout());
        }
        if (given.resources() != null) {
            parseResources(given.resources());
        }
        if (given.executor() != null && !ExecutorConfig.KINDS.contains(given.executor())) {
            throw MorphException.usage("--executor '" + given.executor() + "' must be local, slurm or sge");
        }
        return Invocations.toRecord(inv, j, given.resources(), given.retries(), given.failFast(), given.timeout(), given.executor());
    }

    /** A resumed run repeats the old invocation; only how it executes may be changed now. */
    private RunState.InvocationRecord merge(Given given, RunState.InvocationRecord old) {
        if (targets.given() || selection.given()) {
            throw MorphException.usage("--resume repeats that run's targets, selection, force and params; drop them from the command line");
        }
        return new RunState.InvocationRecord(old.targets(), old.only(), old.experiments(), old.laterThan(), old.earlierThan(), old.force(),
                old.forceSteps(), old.params(), old.rerunTriggers(), given.jobs() != null ? given.jobs() : old.jobs(),
                given.resources() != null ? given.resources() : old.resources(), given.retries() > 0 ? given.retries() : old.retries(),
                given.failFast() || old.failFast(), given.timeout() != null ? given.timeout() : old.timeout(),
                given.executor() != null ? given.executor() : old.executor());
    }

    private static RunState resumable(StateLayout layout, Duration expiry, String id) {
        RunStore store = new RunStore(layout, Clock.SYSTEM, expiry);
        RunState run = store.read(id).orElseThrow(() -> MorphException.usage("no run '" + id + "' under " + layout.runs()
                + dev.morph.Suggest.didYouMean(id, store.list().stream().map(RunState::runId).toList()) + "; 'morph runs' lists them"));
        if (run.inProgress() && !store.isLost(run)) {
            throw MorphException.usage("run '" + id + "' is still in progress (" + run.origin().owner() + "); wait for it or stop it first");
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
            run.get().jobs().stream().filter(j -> j.status() == JobStatus.SUCCEEDED).forEach(j -> done.add(JobId.parse(j.id())));
            run = Optional.ofNullable(run.get().origin().resumeOf()).flatMap(store::read);
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
