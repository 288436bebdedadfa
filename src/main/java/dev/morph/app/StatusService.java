package dev.morph.app;

import dev.morph.cluster.BatchSystems;
import dev.morph.discover.Workspace;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.journal.LiveJobs;
import dev.morph.pipeline.ExecutorConfig;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.run.LockInfo;
import dev.morph.run.Locks;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code status} use case: every job of every step for the selected experiments, each cell the
 * planner's state unless the journal says the job runs now or failed last time, with where running jobs
 * run. Read-only: liveness of other hosts' locks is judged with the local clock, and asking a scheduler
 * whether a dead morph's cluster job still runs writes nothing either.
 */
public final class StatusService {
    private final Project project;

    public StatusService(Project project) {
        this.project = project;
    }

    /** The matrix and what runs or failed, for the experiments {@code invocation} selects. */
    public Status status(Invocation invocation) {
        Workspace ws = project.open();
        Journal journal = Project.journal(ws);
        Plan plan = invocation.plan(ws, new JournalHistory(journal));
        StateLayout layout = Project.layout(ws);
        BatchSystems.QueueSnapshot queue = new BatchSystems.QueueSnapshot(layout);
        LiveJobs liveJobs = liveJobs(project, layout, journal, queue);
        Map<JobId, LiveJobs.Live> live = new LinkedHashMap<>();
        plan.jobs().forEach(j -> liveJobs.of(j.id()).ifPresent(l -> live.put(j.id(), l)));
        // with targets (status STEP), only the steps planned: the targets and what they need
        List<Step> columns = StepGraph.of(ws.pipeline()).topologicalOrder().stream().filter(s -> !s.isGlobal())
                .filter(s -> plan.jobs().stream().anyMatch(j -> j.id().step().equals(s.name()))).toList();
        StatusView view = StatusView.of(plan, ws.experiments(), columns,
                id -> Optional.ofNullable(live.get(id)).map(l -> l.running() ? Cell.RUNNING : Cell.FAILED));
        List<Running> running = live.values().stream().filter(LiveJobs.Live::running)
                .map(l -> new Running(l.job(), l.record().attempt().runId(), where(l, queue))).toList();
        List<Failed> failed = live.values().stream().filter(l -> !l.running())
                .map(l -> new Failed(l.job(), String.valueOf(l.record().outcome().reason()), l.record().outcome().message(),
                        layout.log(l.record().attempt().runId(), l.job().step(), l.job().experiment())))
                .toList();
        return new Status(ws, plan, view, running, failed, warnings(ws, journal));
    }

    /** The journal's warnings, and one when discovery found no experiment. */
    static List<String> warnings(Workspace ws, Journal journal) {
        List<String> out = new ArrayList<>(journal.warnings());
        if (ws.experiments().isEmpty()) {
            out.add("no experiments under " + ws.root() + ": " + ws.nothingFound());
        }
        return out;
    }

    /** Where a running job runs: its process, or its scheduler job and that job's state. */
    private static String where(LiveJobs.Live l, BatchSystems.QueueSnapshot queue) {
        LockInfo h = l.holder();
        if (h.executorId() == null || ExecutorConfig.LOCAL.equals(h.executor())) {
            return "pid " + l.record().attempt().pid() + " on " + l.record().attempt().host();
        }
        String where = h.executor() + " job " + h.executorId() + " " + queue.state(h.executor(), h.executorId()).orElse("?");
        return leftByDeadRun(h) ? where + "; " + ADOPTED : where;
    }

    static final String ADOPTED = "its run is gone, the next morph run adopts it (not submitted again)";

    /** The jobs running now and those whose last attempt failed, judged by the local clock and the schedulers' queues. */
    static LiveJobs liveJobs(Project project, StateLayout layout, Journal journal, BatchSystems.QueueSnapshot queue) {
        return new LiveJobs(journal, new Locks(layout, Clock.SYSTEM, project.heartbeatExpiry(), queue.liveness()));
    }

    /** Whether a running job's lock belongs to a cluster job whose morph has died: the next run adopts it. */
    static boolean leftByDeadRun(LockInfo h) {
        return h.executorId() != null && !ExecutorConfig.LOCAL.equals(h.executor()) && h.owner().alive().map(alive -> !alive).orElse(false);
    }

    /**
     * What {@code status} shows: the workspace and plan it was computed from, the matrix, the jobs
     * running now (with their run and where they run) and those whose last attempt failed (with the log
     * of that attempt), and warnings about journal records that could not be read.
     */
    public record Status(Workspace workspace, Plan plan, StatusView view, List<Running> running, List<Failed> failed,
                         List<String> warnings) {
        /** The job graph's cell for one job: the planner's state, or running / failed from the journal. */
        public Cell cell(JobPlan job) {
            return view.globalCell(job);
        }
    }

    /** A job running now, in run {@code runId}, {@code where} it runs (a process, or a scheduler job and its state). */
    public record Running(JobId job, String runId, String where) {
    }

    /** A job whose last attempt failed, with its reason code, message and the log of that attempt. */
    public record Failed(JobId job, String reason, String message, Path log) {
    }
}
