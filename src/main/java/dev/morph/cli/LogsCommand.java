package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.plan.JobId;
import dev.morph.app.Workspace;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        spec = Specs.command("logs", this, "Print a job's log from a run (or list the run's logs).");
        runId = Specs.add(spec, PositionalParamSpec.builder().index("0").arity("1").required(true).type(String.class).paramLabel("RUN_ID")
                .description("The run (see 'morph runs')."));
        job = Specs.add(spec, PositionalParamSpec.builder().index("1").arity("0..1").type(String.class).paramLabel("JOB")
                .description("The job, e.g. 'sam2[20250529_30hpf_ctrl]' or 'build04'."));
        follow = Specs.flag(spec, "Keep printing as the job writes, until it ends.", "-f", "--follow");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        String runId = this.runId.getValue();
        String job = this.job.getValue();
        Workspace ws = root.workspace();
        StateLayout layout = new StateLayout(ws.root());
        RunStore store = new RunStore(layout, Clock.SYSTEM, root.heartbeatExpiry());
        RunState run = store.read(runId).orElseThrow(() -> MorphException.usage("no run '" + runId + "'"
                + Suggest.didYouMean(runId, store.list().stream().map(RunState::runId).toList()) + "; 'morph runs' lists them"));
        PrintWriter out = spec.commandLine().getOut();
        if (job == null) {
            for (RunState.JobEntry j : run.jobs()) {
                String log = j.execution().log();
                out.println(j.id() + "  " + j.status() + "  " + (log == null ? "(no log: never started)" : ws.root().resolve(log)));
            }
            return 0;
        }
        List<String> ids = run.jobs().stream().map(RunState.JobEntry::id).toList();
        if (!ids.contains(job)) {
            throw MorphException.usage("run '" + runId + "' has no job '" + job + "'" + Suggest.didYouMean(job, ids));
        }
        JobId id = JobId.parse(job);
        Path log = layout.log(runId, id.step(), id.experiment());
        if (!Files.exists(log)) {
            throw MorphException.usage("job '" + job + "' of run '" + runId + "' has no log yet (it has not started)");
        }
        try (InputStream in = Files.newInputStream(log)) {
            byte[] buf = new byte[8192];
            while (true) {
                int n = in.read(buf);
                if (n > 0) {
                    out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                if (!Specs.isSet(follow) || !stillRunning(store, runId, job)) {
                    break;
                }
                Thread.sleep(300);
            }
        }
        out.flush();
        return 0;
    }

    private static boolean stillRunning(RunStore store, String runId, String jobId) {
        return store.read(runId).map(store::reconciled)
                .flatMap(r -> r.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst())
                .map(j -> j.status() == JobStatus.RUNNING || j.status() == JobStatus.PENDING && j.attempts() > 0)
                .orElse(false);
    }
}
