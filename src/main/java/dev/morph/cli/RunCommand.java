package dev.morph.cli;

import dev.morph.ExitCodes;
import dev.morph.app.RunRequest;
import dev.morph.app.RunService;
import dev.morph.report.PlanSummary;
import dev.morph.report.PlanText;
import dev.morph.report.RunProgress;
import dev.morph.report.RunSummary;
import java.io.PrintWriter;
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
        targets = new TargetOptions(spec, root);
        selection = new SelectionOptions(spec, root);
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

    @Override
    public Integer call() {
        RunRequest request = new RunRequest(targets.invocation(selection.experiments()), targets.given() || selection.given(),
                new RunRequest.Execution(jobs.getValue(), resources.getValue(), Specs.isSet(failFast), retries.<Integer>getValue(),
                        timeout.getValue(), killGrace.getValue(), executor.getValue(), maxSubmitted.<Integer>getValue(),
                        submitRate.<Double>getValue(), pollInterval.getValue(), latencyWait.getValue()),
                runId.getValue(), resume.getValue());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunService runs = new RunService(root.project());
        if (Specs.isSet(dryRun)) {
            var planned = runs.dryRun(request);
            if (root.verbose()) {
                new PlanText(root.style(), planned.commands()).print(planned.plan(), null, out);
            } else {
                new PlanSummary(root.style()).print(planned.plan(), planned.workspace().pipeline(), out);
            }
            return ExitCodes.OK;
        }
        var mode = new RunProgress.Mode(root.live(), root.verbose());
        var result = runs.run(request, watch -> new RunProgress(out, root.style(), mode, watch, root.environment.width()));
        root.warnings(result.warnings());
        new RunSummary(root.style(), root.environment.cwd()).print(result.state(), result.commands(), out);
        if (result.exitCode() == ExitCodes.IO_ERROR || result.exitCode() == ExitCodes.USAGE) {
            err.println("morph: error: " + result.state().outcome().reason() + ": " + result.state().outcome().message());
        }
        err.flush();
        return result.exitCode();
    }
}
