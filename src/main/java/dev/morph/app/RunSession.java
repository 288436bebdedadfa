package dev.morph.app;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.app.Invocation;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.cluster.BatchSystems;
import dev.morph.cluster.Reattach;
import dev.morph.discover.Workspace;
import dev.morph.exec.Executor;
import dev.morph.exec.JobRunner;
import dev.morph.exec.Progress;
import dev.morph.exec.RunContext;
import dev.morph.exec.RunOutcome;
import dev.morph.exec.RunnerFactory;
import dev.morph.exec.Signals;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import dev.morph.plan.PlanRequest;
import dev.morph.run.JobStatus;
import dev.morph.run.Locks;
import dev.morph.run.Owner;
import dev.morph.run.RunIds;
import dev.morph.run.RunReason;
import dev.morph.run.RunRecorder;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;
import dev.morph.run.RunStore;
import dev.morph.store.FsClock;
import dev.morph.store.StateLayout;
import dev.morph.store.TimeSource;
import dev.morph.text.ReasonText;
import dev.morph.text.Zone;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@code morph run} from start to end: reconciles runs whose morph died, plans with the journal,
 * creates the run's record, executes the plan (SIGINT/SIGTERM stop it cleanly), and records how it ended.
 */
public final class RunSession {
    /** Heartbeat: the run record is rewritten at least this often while the run is in progress. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);

    /**
     * @param runId      the given run ID, or null to generate one
     * @param done       jobs a resumed run already completed: never forced again
     * @param resumeLine how to resume this run, shown when it stops (the run ID is appended)
     */
    public record Options(String runId, RunContext.Settings settings, RunState.InvocationRecord record, String resumeOf,
                          Set<JobId> done, String resumeLine, Duration heartbeatExpiry, Duration latencyWait) {
    }

    /**
     * What a run takes from the process it runs in: the local clock, and how it learns of a request to
     * stop (SIGINT/SIGTERM: {@code signals} installs a handler that calls the given consumer with the
     * signal's name, until closed). Tests pass a clock they move by hand and stop runs themselves.
     */
    public record Hooks(TimeSource time, Function<Consumer<String>, Registration> signals) {
        /** The process's clock and its SIGINT/SIGTERM handlers (the receiver {@code new Signals(…)} installs them at once). */
        public static final Hooks SYSTEM = new Hooks(TimeSource.SYSTEM, onStop -> new Signals(onStop)::close);

        /** A handler installed until closed. */
        @FunctionalInterface
        public interface Registration extends AutoCloseable {
            @Override
            void close();
        }
    }

    /**
     * How the run ended; {@code state} is its final record; {@code warnings} were not shown during the run;
     * {@code commands} holds the command line (argv) of each failed job, by job ID, as the journal recorded it.
     */
    public record Result(RunState state, int exitCode, List<String> warnings, Map<String, List<String>> commands) {
        public Result(RunState state, int exitCode, List<String> warnings) {
            this(state, exitCode, warnings, Map.of());
        }
    }

    private RunSession() {
    }

    public static Result run(Workspace ws, Invocation invocation, Options options, RunnerFactory runners,
                             Function<RunWatch, Progress> progressFor) {
        return run(ws, invocation, options, runners, progressFor, Hooks.SYSTEM);
    }

    public static Result run(Workspace ws, Invocation invocation, Options options, RunnerFactory runners,
                             Function<RunWatch, Progress> progressFor, Hooks hooks) {
        TimeSource time = hooks.time();
        StateLayout layout = new StateLayout(ws.root());
        FsClock clock = new FsClock(layout);
        Journal journal = new Journal(layout);
        List<String> notes = new ArrayList<>();
        Reattach.Found found;
        try {
            Files.createDirectories(layout.runs());
            RunStore store = new RunStore(layout, clock, options.heartbeatExpiry(), time);
            found = new Reattach(ws, journal, clock, options.latencyWait(), notes::add).scan(store, runners.kind());
            store.reconcileAll(found.entries());
        } catch (IOException e) {
            throw new MorphException(ExitCodes.IO_ERROR, "SYS_WRITE_ERROR: cannot write morph's state under " + layout.base()
                    + ": " + e.getMessage() + " (is the data root writable, is the disk full?)", e);
        }
        PlanRequest request = invocation.request(ws).withDone(options.done());
        Plan plan;
        try (ArtifactProbe probe = ws.probe()) {
            plan = invocation.planner(ws, probe, new JournalHistory(journal)).plan(request);
        }
        notes.addAll(journal.warnings());
        ResourceFit.require(plan, options.settings().totals());
        String runId = createRunDirectory(layout, options.runId());
        Owner owner = Owner.current(runId);
        RunRecorder recorder = new RunRecorder(layout, initialState(ws, plan, runId, owner, options, time.now().toString()), HEARTBEAT, time);
        try {
            recorder.start();
        } catch (IOException e) {
            throw new MorphException(ExitCodes.IO_ERROR, "SYS_WRITE_ERROR: cannot write the run record under " + layout.run(runId)
                    + ": " + e.getMessage(), e);
        }
        if (plan.toRun().isEmpty() && plan.count(JobState.BLOCKED) > 0 && invocation.named()) {
            recorder.status(new RunState.Outcome(RunStatus.FAILED, RunReason.BLOCKED, "nothing can run: " + blockedNote(plan).substring(2)),
                    true, null);
            return finish(recorder, ExitCodes.BLOCKED, notes);
        }
        if (plan.toRun().isEmpty()) {
            recorder.status(new RunState.Outcome(RunStatus.COMPLETED, RunReason.NOTHING_TO_DO, "everything is up to date" + blockedNote(plan)),
                    true, null);
            return finish(recorder, ExitCodes.OK, notes);
        }
        Optional<String> unavailable = runners.unavailable();
        if (unavailable.isPresent()) {
            recorder.status(new RunState.Outcome(RunStatus.FAILED, RunReason.EXECUTOR_UNAVAILABLE,
                    runners.kind() + " cannot run jobs: " + unavailable.get()), true, null);
            return finish(recorder, ExitCodes.USAGE, notes);
        }
        RunOutcome outcome;
        RunWatch watch = RunWatch.of(recorder::snapshot, ws, plan, journal, runId, runners.kind(), options.settings().jobs(),
                options.settings().totals());
        try (Progress progress = progressFor.apply(watch);
             JobRunner runner = runners.create(options.settings(), layout, progress)) {
            notes.forEach(progress::warn);
            notes.clear();
            RunContext ctx = new RunContext(ws, layout, runId, owner, journal,
                    new Locks(layout, clock, options.heartbeatExpiry(), BatchSystems.liveness(layout)),
                    clock, time, recorder, new CommandRenderer(ws.root()), runner, progress, options.settings());
            Executor executor = new Executor(ctx);
            try (Hooks.Registration signals = hooks.signals().apply(executor::interrupt)) {
                executor.adopt(plan, found.adoptable());
                outcome = executor.execute(plan);
            }
        }
        String resume = outcome.status() == RunStatus.STOPPED ? options.resumeLine() + " " + runId : null;
        RunState.Outcome end = outcome.outcome();
        recorder.status(new RunState.Outcome(end.status(), end.reason(), end.message() + blockedNote(plan)), true, resume);
        Result result = finish(recorder, outcome.exitCode(), notes);
        return new Result(result.state(), result.exitCode(), result.warnings(), failedCommands(result.state(), journal));
    }

    private static Map<String, List<String>> failedCommands(RunState state, Journal journal) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RunState.JobEntry j : state.jobs()) {
            if (j.status() == JobStatus.FAILED) {
                journal.load(JobId.parse(j.id())).ifPresent(r -> out.put(j.id(), r.command().argv()));
            }
        }
        return out;
    }

    private static Result finish(RunRecorder recorder, int exitCode, List<String> warnings) {
        try {
            recorder.close();
        } catch (IOException e) {
            throw new MorphException(ExitCodes.IO_ERROR, "SYS_WRITE_ERROR: cannot write the final run record: " + e.getMessage(), e);
        }
        return new Result(recorder.snapshot(), exitCode, List.copyOf(warnings));
    }

    private static String createRunDirectory(StateLayout layout, String given) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = given != null ? RunIds.validate(given) : RunIds.generate();
            try {
                Files.createDirectory(layout.run(id));
                return id;
            } catch (FileAlreadyExistsException e) {
                if (given != null) {
                    throw MorphException.usage("run ID '" + given + "' is already taken; pick another, or 'morph runs show " + given + "'");
                }
            } catch (IOException e) {
                throw new MorphException(ExitCodes.IO_ERROR, "SYS_WRITE_ERROR: cannot create " + layout.run(id) + ": " + e.getMessage(), e);
            }
        }
        throw new MorphException(ExitCodes.IO_ERROR, "could not create a unique run directory under " + layout.runs());
    }

    private static RunState initialState(Workspace ws, Plan plan, String runId, Owner owner, Options options, String now) {
        ReasonText text = new ReasonText(Zone.system());
        List<RunState.JobEntry> jobs = new ArrayList<>();
        for (JobPlan j : plan.toRun()) {
            List<RunState.ReasonEntry> reasons = j.reasons().stream()
                    .map(r -> new RunState.ReasonEntry(r.code(), text.describe(r))).toList();
            jobs.add(RunState.JobEntry.pending(j.id().toString(), j.id().step(), j.id().experiment(), reasons));
        }
        List<RunState.BlockedEntry> blocked = plan.inState(JobState.BLOCKED).stream()
                .map(j -> new RunState.BlockedEntry(j.id().toString(), j.missing())).toList();
        return new RunState(runId, new RunState.Outcome(RunStatus.IN_PROGRESS, RunReason.RUNNING, jobs.size() + " job(s) to run"),
                new RunState.Origin(ws.pipeline().file().toString(), ws.root().toString(), options.record(), owner, options.resumeOf(),
                        options.record().executor()),
                new RunState.Span(now, null), now, null, jobs, blocked,
                List.of(new RunState.HistoryEntry(now, RunStatus.IN_PROGRESS, RunReason.RUNNING, "started")), null);
    }

    private static String blockedNote(Plan plan) {
        long blocked = plan.count(JobState.BLOCKED);
        return blocked == 0 ? "" : "; " + blocked + " job(s) blocked by missing inputs";
    }
}
