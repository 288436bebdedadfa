package dev.morph.cluster;

import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.Observation;
import dev.morph.exec.Executor;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Journal;
import dev.morph.plan.JobBinder;
import dev.morph.plan.JobId;
import dev.morph.discover.Workspace;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds the cluster jobs of runs whose morph died: jobs the scheduler still runs are left running (and
 * offered for adoption by a new run of the same executor), jobs that ended while nobody watched are
 * settled from their exit-code files — recorded in the journal as succeeded (exit 0, outputs present)
 * or failed — so they are neither lost nor run twice.
 */
public final class Reattach {
    /** What was found: jobs to adopt, and what the dead runs' records should now say of their jobs. */
    public record Found(Map<JobId, Executor.Adoption> adoptable, Map<String, RunState.JobEntry> entries) {
    }

    private final Workspace workspace;
    private final StateLayout layout;
    private final Journal journal;
    private final Clock clock;
    private final Duration latencyWait;
    private final Consumer<String> warn;

    public Reattach(Workspace workspace, Journal journal, Clock clock, Duration latencyWait, Consumer<String> warn) {
        this.workspace = workspace;
        this.layout = new StateLayout(workspace.root());
        this.journal = journal;
        this.clock = clock;
        this.latencyWait = latencyWait;
        this.warn = warn;
    }

    /**
     * Scans the lost runs of {@code store}; {@code adoptingExecutor} is the executor of the run that could
     * adopt (or null). A job's scheduler job is the one its run recorded, or the one its submission
     * record resolves to (a morph killed mid-submission recorded no ID anywhere else).
     */
    public Found scan(RunStore store, String adoptingExecutor) throws IOException {
        Map<JobId, Executor.Adoption> adoptable = new HashMap<>();
        Map<String, RunState.JobEntry> entries = new HashMap<>();
        for (RunState run : store.list()) {
            String executor = run.origin().executor();
            Optional<BatchSystem> batch = BatchSystems.of(executor);
            // a lost run, or one already recorded lost whose cluster jobs were still running then
            if (batch.isEmpty() || run.inProgress() && !store.isLost(run)) {
                continue;
            }
            Map<RunState.JobEntry, String> jobs = new LinkedHashMap<>();
            try {
                Supplier<List<BatchSystem.Queued>> queue = memo(batch.get()::queued);
                for (RunState.JobEntry j : run.jobs()) {
                    handle(run, j, queue).ifPresent(h -> jobs.put(j, h));
                }
            } catch (IOException | UncheckedIOException e) {
                warn.accept("cannot ask " + executor + " about the jobs of lost run " + run.runId() + ": " + e.getMessage());
                continue;
            }
            if (jobs.isEmpty()) {
                continue;
            }
            Map<String, String> states;
            try {
                states = batch.get().states();
            } catch (IOException e) {
                warn.accept("cannot ask " + executor + " about the jobs of lost run " + run.runId() + ": " + e.getMessage());
                continue;
            }
            for (Map.Entry<RunState.JobEntry, String> e : jobs.entrySet()) {
                String handle = e.getValue();
                RunState.JobEntry j = withHandle(e.getKey(), handle);
                String state = states.get(handle);
                String key = RunStore.key(run.runId(), j.id());
                if (state != null && !batch.get().finished(state)) {
                    entries.put(key, entry(j, new RunState.JobEntry.Outcome(JobStatus.RUNNING, null, "still running on " + executor
                            + " as job " + handle + "; the next morph run adopts it", null), state));
                    runningRecord(run, JobId.parse(j.id()))
                            .filter(r -> executor.equals(adoptingExecutor))
                            .ifPresent(r -> adoptable.put(JobId.parse(j.id()), new Executor.Adoption(handle, run.runId(), r)));
                } else {
                    entries.put(key, settle(run, j, batch.get()));
                }
            }
        }
        return new Found(adoptable, entries);
    }

    /**
     * The scheduler job of a job the run left running: the recorded one, or the one its submission for
     * the attempt the journal says is running resolves to. Jobs of runs that ended are not looked up.
     */
    private Optional<String> handle(RunState run, RunState.JobEntry j, Supplier<List<BatchSystem.Queued>> queue) throws IOException {
        String recorded = j.status() == JobStatus.RUNNING ? j.execution().executorId() : null;
        if (!run.inProgress() || j.status() != JobStatus.RUNNING && j.status() != JobStatus.PENDING) {
            return Optional.ofNullable(recorded);
        }
        JobId id = JobId.parse(j.id());
        Optional<Submissions.Submission> sub = Submissions.read(layout, run.runId(), id)
                .filter(s -> runningRecord(run, id).map(r -> r.attempt().number() == s.attempt()).orElse(false));
        if (sub.isEmpty()) {
            // a local step of the cluster run ran as a process (its pid recorded), not as a scheduler job
            return j.execution().pid() != null ? Optional.empty() : Optional.ofNullable(recorded);
        }
        return Submissions.resolve(JobFiles.script(layout, run.runId(), id), sub.get(), queue);
    }

    private static RunState.JobEntry withHandle(RunState.JobEntry j, String handle) {
        return handle.equals(j.execution().executorId()) ? j
                : j.running(Math.max(1, j.attempts()), Instant.now().toString(), j.execution().log(), null, handle);
    }

    /** Asks once, when first needed. */
    private static <T> Supplier<T> memo(IoSupplier<T> ask) {
        Object[] answer = new Object[1];
        return () -> {
            if (answer[0] == null) {
                try {
                    answer[0] = ask.get();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            @SuppressWarnings("unchecked")
            T t = (T) answer[0];
            return t;
        };
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** The journal's record of the job if it is still this run's attempt, running. */
    private Optional<JobRecord> runningRecord(RunState run, JobId id) {
        return journal.load(id).filter(r -> run.runId().equals(r.attempt().runId()) && r.status() == JobStatus.RUNNING);
    }

    /** Records how a job that ended unwatched went, from its exit-code file or the scheduler's accounting. */
    private RunState.JobEntry settle(RunState run, RunState.JobEntry j, BatchSystem batch) throws IOException {
        JobId id = JobId.parse(j.id());
        String executor = run.origin().executor();
        String handle = j.execution().executorId();
        Optional<JobRecord> rec = runningRecord(run, id);
        if (rec.isEmpty()) {
            // a later run adopted the job (and recorded how it ended) or ran it again: that run has the story
            return entry(j, new RunState.JobEntry.Outcome(JobStatus.INTERRUPTED, JobReason.ORCHESTRATOR_LOST, "its morph died; " + executor
                    + " job " + handle + " was taken over by a later run", null), null);
        }
        Integer code = JobFiles.readExitFile(JobFiles.exitFile(JobFiles.script(layout, run.runId(), id)), latencyWait);
        if (code == null) {
            code = batch.accounting(handle).map(BatchSystem.Accounting::exitCode).orElse(null);
        }
        RunState.InvocationRecord invocation = run.origin().invocation();
        Map<String, Long> outputs = outputs(id, invocation == null || invocation.params() == null ? Map.of() : invocation.params());
        boolean ok = code != null && code == 0 && outputs != null;
        JobReason reason = ok ? JobReason.SUCCEEDED : code == null ? JobReason.EXIT_STATUS_LOST
                : code == 0 ? JobReason.OUTPUT_NOT_CREATED : JobReason.EXIT_NONZERO;
        String message = (ok ? "ended" : "failed") + " while its morph was gone (" + executor + " job " + handle + ", exit code " + code + ")";
        JobStatus status = ok ? JobStatus.SUCCEEDED : JobStatus.FAILED;
        journal.write(rec.get().with(new JobRecord.Outcome(status, clock.now(), ok ? outputs : Map.of(), code, ok ? null : reason,
                ok ? null : message)));
        warn.accept(j.id() + " of lost run " + run.runId() + " " + message);
        return entry(j, new RunState.JobEntry.Outcome(status, reason, message, code), null);
    }

    /** The job's output mtimes, or null when an output is missing. */
    private Map<String, Long> outputs(JobId id, Map<String, String> params) {
        var step = workspace.pipeline().step(id.step());
        if (step.isEmpty()) {
            return null;
        }
        var experiment = workspace.experiments().stream().filter(e -> e.name().equals(id.experiment())).findFirst().orElse(null);
        if (id.experiment() != null && experiment == null) {
            return null;
        }
        var job = new JobBinder(workspace.pipeline(), workspace.experiments(), params).bind(step.get(), experiment);
        FileSystemProbe probe = new FileSystemProbe(workspace.root());
        Map<String, Long> out = new TreeMap<>();
        for (var a : job.outputs()) {
            Observation o = probe.observe(a);
            if (!o.exists()) {
                return null;
            }
            out.put(a.display(), o.mtime());
        }
        return out;
    }

    private static RunState.JobEntry entry(RunState.JobEntry j, RunState.JobEntry.Outcome now, String state) {
        RunState.JobEntry e = j.with(now, j.attempts(), now.status() == JobStatus.RUNNING ? null : Instant.now().toString());
        return state == null ? e : e.withExecutorState(state);
    }
}
