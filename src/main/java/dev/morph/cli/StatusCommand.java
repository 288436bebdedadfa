package dev.morph.cli;

import dev.morph.cluster.BatchSystems;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.journal.LiveJobs;
import dev.morph.pipeline.ExecutorConfig;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobId;
import dev.morph.plan.Plan;
import dev.morph.app.Invocation;
import dev.morph.app.Workspace;
import dev.morph.app.Cell;
import dev.morph.report.Json;
import dev.morph.report.ReasonJson;
import dev.morph.text.ReasonText;
import dev.morph.report.StatusJson;
import dev.morph.report.StatusTable;
import dev.morph.app.StatusView;
import dev.morph.run.LockInfo;
import dev.morph.run.Locks;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph status}: the experiments × steps matrix. Read-only. */
public final class StatusCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final SelectionOptions selection;
    private final OptionSpec format;
    private final OptionSpec all;

    enum OutputFormat { table, json }

    StatusCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("status", this, "Show which jobs are up to date, stale, missing, blocked, running or failed. Changes nothing.");
        selection = new SelectionOptions(spec);
        format = Specs.format(spec, OutputFormat.class, OutputFormat.table);
        all = Specs.flag(spec, "List every experiment, even when there are many (default: group them past 50).", "--all");
    }

    private void liveSection(Map<JobId, LiveJobs.Live> live, Workspace ws, BatchSystems.QueueSnapshot queue, PrintWriter out) {
        if (live.isEmpty()) {
            return;
        }
        List<LiveJobs.Live> running = live.values().stream().filter(LiveJobs.Live::running).toList();
        List<LiveJobs.Live> failed = live.values().stream().filter(l -> !l.running()).toList();
        StateLayout layout = new StateLayout(ws.root());
        if (!running.isEmpty()) {
            out.println(root.style().paint(Cell.RUNNING, "Running now:"));
            running.forEach(l -> out.println("  " + l.job() + "  run " + l.record().attempt().runId() + " (" + where(l, queue) + ")"));
        }
        if (!failed.isEmpty()) {
            out.println(root.style().paint(Cell.FAILED, "Failed last time:"));
            failed.stream().limit(10).forEach(l -> out.println("  " + l.job() + "  " + l.record().outcome().reason() + ": " + l.record().outcome().message()
                    + "  log: " + layout.log(l.record().attempt().runId(), l.job().step(), l.job().experiment())));
            if (failed.size() > 10) {
                out.println("  … and " + (failed.size() - 10) + " more");
            }
        }
    }

    /** Where a running job runs: its process, or its scheduler job and that job's state. */
    private static String where(LiveJobs.Live l, BatchSystems.QueueSnapshot queue) {
        LockInfo h = l.holder();
        if (h.executorId() == null || ExecutorConfig.LOCAL.equals(h.executor())) {
            return "pid " + l.record().attempt().pid() + " on " + l.record().attempt().host();
        }
        return h.executor() + " job " + h.executorId() + " " + queue.state(h.executor(), h.owner().runId(), h.executorId()).orElse("?");
    }

    @Override
    public Integer call() {
        Workspace ws = root.workspace();
        Journal journal = root.journal(ws);
        Plan plan = Invocation.status(selection.selection()).plan(ws, new JournalHistory(journal));
        // read-only: liveness of other hosts' locks is judged with the local clock, which writes nothing
        // asking a scheduler whether a dead morph's cluster job still runs writes nothing either
        BatchSystems.QueueSnapshot queue = new BatchSystems.QueueSnapshot();
        LiveJobs liveJobs = new LiveJobs(journal, new Locks(new StateLayout(ws.root()), Clock.SYSTEM, root.heartbeatExpiry(), queue.liveness()));
        Map<JobId, LiveJobs.Live> live = new LinkedHashMap<>();
        plan.jobs().forEach(j -> liveJobs.of(j.id()).ifPresent(l -> live.put(j.id(), l)));
        List<Step> columns = StepGraph.of(ws.pipeline()).topologicalOrder().stream().filter(s -> !s.isGlobal()).toList();
        StatusView view = StatusView.of(plan, ws.experiments(), columns,
                id -> Optional.ofNullable(live.get(id)).map(l -> l.running() ? Cell.RUNNING : Cell.FAILED));
        root.warnings(journal.warnings());
        PrintWriter out = spec.commandLine().getOut();
        if (format.getValue() == OutputFormat.json) {
            out.println(Json.write(new StatusJson(new ReasonJson(new ReasonText(root.style().zone()))).tree(view)));
        } else {
            out.println(root.style().bold(ws.pipeline().name()) + " · data root " + ws.root() + " · "
                    + ws.experiments().size() + (ws.experiments().size() == 1 ? " experiment" : " experiments"));
            out.println();
            new StatusTable(root.style(), Specs.isSet(all) ? Integer.MAX_VALUE : 50).print(view, ws.pipeline().discovery().attributes(), out);
            liveSection(live, ws, queue, out);
        }
        return 0;
    }
}
