package dev.morph.cli;

import dev.morph.app.LogService;
import dev.morph.report.JobIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code morph logs RUN_ID [JOB]}: a job's log, or the run's jobs and their log files. */
public final class LogsCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final PositionalParamSpec runId;
    private final PositionalParamSpec job;
    private final OptionSpec follow;

    LogsCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("logs", this, "Print a job's log from a run, or list the logs of a run or of one of its steps.");
        runId = Specs.add(spec, PositionalParamSpec.builder().index("0").arity("1").required(true).type(String.class).paramLabel("RUN_ID")
                .description("The run: its ID, a unique prefix of it, or 'last' (see 'morph runs')."));
        job = Specs.add(spec, PositionalParamSpec.builder().index("1").arity("0..1").type(String.class).paramLabel("JOB")
                .description("A job, e.g. 'sam2/20250529_30hpf_ctrl' (or sam2:…, 'sam2[…]') or 'build04'; or a step, to list its jobs."));
        follow = Specs.flag(spec, "Keep printing as the job writes, until it ends (waits for a job that has not started yet).", "-f", "--follow");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        LogService logs = new LogService(root.project());
        PrintWriter out = spec.commandLine().getOut();
        String step = job.getValue() == null ? null : logs.target(runId.getValue(), job.getValue()).step();
        if (job.getValue() == null || step != null) {
            logs.jobs(runId.getValue(), step).forEach(j -> out.println(JobIds.shown(j.job()) + "  " + j.status() + "  "
                    + (j.log() == null ? "(no log: never started)" : j.log())));
            return 0;
        }
        logs.copy(runId.getValue(), job.getValue(), Specs.isSet(follow), text -> {
            out.print(text);
            out.flush();
        });
        out.flush();
        return 0;
    }
}
