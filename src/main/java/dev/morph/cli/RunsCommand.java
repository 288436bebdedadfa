package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.cluster.ClusterRunner;
import dev.morph.cluster.Reattach;
import dev.morph.app.Workspace;
import dev.morph.report.RunReport;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.Clock;
import dev.morph.store.FsClock;
import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code morph runs}: the recent runs, reconciling runs whose morph died; {@code morph runs show ID}: one run's report. */
public final class RunsCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final OptionSpec limit;

    RunsCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("runs", this, "List recent runs (marking runs whose morph died as failed).");
        limit = Specs.add(spec, OptionSpec.builder("-n", "--limit").type(int.class).defaultValue("20").paramLabel("N")
                .description("Show the N most recent runs (default: 20)."));
        spec.addSubcommand("show", new Show(this).spec);
    }

    @Override
    public Integer call() throws IOException {
        Workspace ws = root.workspace();
        RunStore store = store(ws);
        store.reconcileAll(settleClusterJobs(ws, store));
        List<RunState> runs = store.list();
        new RunReport(root.style()).list(runs.subList(0, Math.min(limit.<Integer>getValue(), runs.size())), spec.commandLine().getOut());
        store.warnings().forEach(w -> spec.commandLine().getErr().println("morph: warning: " + w));
        return 0;
    }

    RunStore store(Workspace ws) {
        return new RunStore(new StateLayout(ws.root()), Clock.SYSTEM, root.heartbeatExpiry());
    }

    /**
     * Asks the schedulers about the cluster jobs of runs whose morph died: the ones that ended meanwhile are
     * settled from their exit-code files (journal included); the ones still running stay for the next run to adopt.
     */
    Map<String, RunState.JobEntry> settleClusterJobs(Workspace ws, RunStore store) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Reattach reattach = new Reattach(ws, root.journal(ws), new FsClock(new StateLayout(ws.root())), ClusterRunner.Settings.LATENCY_WAIT,
                w -> err.println("morph: warning: " + w));
        return reattach.scan(store, null).entries();
    }

    /** {@code morph runs show RUN_ID}. */
    static final class Show implements Callable<Integer> {
        private final RunsCommand runs;
        final CommandSpec spec;
        private final PositionalParamSpec runId;
        private final OptionSpec format;

        enum Format { text, json }

        Show(RunsCommand runs) {
            this.runs = runs;
            spec = Specs.command("show", this, "Show a run's status report.");
            runId = Specs.add(spec, PositionalParamSpec.builder().arity("1").required(true).type(String.class).paramLabel("RUN_ID").description("The run (see 'morph runs')."));
            format = Specs.format(spec, Format.class, Format.text);
        }

        @Override
        public Integer call() throws IOException {
            Workspace ws = runs.root.workspace();
            RunStore store = runs.store(ws);
            String runId = this.runId.getValue();
            RunState run = store.read(runId).orElseThrow(() -> MorphException.usage("no run '" + runId + "'"
                    + Suggest.didYouMean(runId, store.list().stream().map(RunState::runId).toList()) + "; 'morph runs' lists them"));
            RunState now = store.reconciled(run, runs.settleClusterJobs(ws, store));
            if (now != run) {
                StateJson.writeAtomically(new StateLayout(ws.root()).runState(runId), now);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format.getValue() == Format.json) {
                out.println(StateJson.mapper().writeValueAsString(now));
            } else {
                new RunReport(runs.root.style()).show(now, ws.root(), out);
            }
            return 0;
        }
    }
}
