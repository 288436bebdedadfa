package dev.morph.run;

import dev.morph.store.Clock;
import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import dev.morph.store.TimeSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The runs recorded under {@code .morph/runs/}. A run left {@code in-progress} by a morph that was
 * killed is recognised as lost (its owner is dead on this host, or its heartbeat — the mtime of its
 * state.json, set by the file system — has expired) and reconciled to {@code failed}/{@code ORCHESTRATOR_LOST}.
 */
public final class RunStore {
    private final StateLayout layout;
    private final Clock clock;
    private final Duration heartbeatExpiry;
    private final TimeSource time;
    private final List<String> warnings = new ArrayList<>();

    public RunStore(StateLayout layout, Clock clock, Duration heartbeatExpiry) {
        this(layout, clock, heartbeatExpiry, TimeSource.SYSTEM);
    }

    /** {@code time} stamps what reconciling a lost run records. */
    public RunStore(StateLayout layout, Clock clock, Duration heartbeatExpiry, TimeSource time) {
        this.layout = layout;
        this.clock = clock;
        this.heartbeatExpiry = heartbeatExpiry;
        this.time = time;
    }

    private final Map<String, String> unreadable = new ConcurrentHashMap<>();

    /** Every readable run, newest first; unreadable records become warnings. */
    public List<RunState> list() {
        List<RunState> out = new ArrayList<>();
        if (!Files.isDirectory(layout.runs())) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.runs())) {
            for (Path dir : dirs) {
                read(dir.getFileName().toString()).ifPresent(out::add);
            }
        } catch (IOException e) {
            warnings.add("cannot list " + layout.runs() + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing((RunState s) -> s.span().startedAt() == null ? "" : s.span().startedAt()).reversed()
                .thenComparing(RunState::runId, Comparator.reverseOrder()));
        return out;
    }

    public Optional<RunState> read(String runId) {
        Path file = layout.runState(runId);
        try {
            return Optional.of(StateJson.read(file, RunState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            String why = "run record " + file + " is unreadable (" + what + ")";
            unreadable.put(runId, why);
            warnings.add(why);
            return Optional.empty();
        }
    }

    /**
     * Why run {@code runId}'s record exists but could not be read, with what to do, once {@link #read}
     * met it: for the commands that name that run, which must not say "no run".
     */
    public Optional<String> unreadable(String runId) {
        return Optional.ofNullable(unreadable.get(runId)).map(why -> why
                + "; morph cannot show or resume this run: move its directory " + layout.run(runId) + " away, then run again");
    }

    /** Whether an in-progress run has lost its orchestrator. */
    public boolean isLost(RunState run) {
        if (!run.inProgress()) {
            return false;
        }
        Owner owner = run.origin().owner();
        Optional<Boolean> alive = owner == null ? Optional.of(false) : owner.alive();
        if (alive.isPresent()) {
            return !alive.get();
        }
        try {
            long beat = Files.readAttributes(layout.runState(run.runId()), BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return clock.now() - beat > heartbeatExpiry.toNanos();
        } catch (IOException e) {
            return false;
        }
    }

    /** The run as it really stands: a lost run becomes failed/ORCHESTRATOR_LOST and its running jobs interrupted. */
    public RunState reconciled(RunState run) {
        return reconciled(run, Map.of());
    }

    /**
     * As {@link #reconciled(RunState)}, with what is known of some of its running jobs (cluster jobs that
     * still run or ended while nobody watched), keyed by {@link #key(String, String)}.
     */
    public RunState reconciled(RunState run, Map<String, RunState.JobEntry> known) {
        boolean lost = isLost(run);
        // a run recorded lost earlier may still list cluster jobs as running; what became of them is news too
        boolean news = !run.inProgress() && run.jobs().stream().anyMatch(j -> known.containsKey(key(run.runId(), j.id())));
        if (!lost && !news) {
            return run;
        }
        String now = time.now().toString();
        RunState.JobEntry.Outcome lostJob = new RunState.JobEntry.Outcome(JobStatus.INTERRUPTED, JobReason.ORCHESTRATOR_LOST,
                "its orchestrator was lost while it ran", null);
        List<RunState.JobEntry> jobs = run.jobs().stream().map(j -> known.containsKey(key(run.runId(), j.id())) ? known.get(key(run.runId(), j.id()))
                : j.status() != JobStatus.RUNNING ? j
                : lost ? j.with(lostJob, j.attempts(), now)
                : j).toList();
        List<RunState.HistoryEntry> history = new ArrayList<>(run.history());
        RunState.Outcome outcome = run.outcome();
        if (lost) {
            outcome = new RunState.Outcome(RunStatus.FAILED, RunReason.ORCHESTRATOR_LOST, "morph stopped without finishing this run ("
                    + (run.origin().owner() == null ? "unknown owner" : run.origin().owner()) + "); its running jobs will rerun (INCOMPLETE)");
            history.add(new RunState.HistoryEntry(now, outcome.status(), outcome.reason(), outcome.message()));
        }
        RunState.Metrics m = run.metrics();
        int completed = count(jobs, JobStatus.SUCCEEDED);
        int failed = count(jobs, JobStatus.FAILED);
        int interrupted = count(jobs, JobStatus.INTERRUPTED);
        int running = count(jobs, JobStatus.RUNNING);
        RunState.Metrics metrics = m == null ? null : new RunState.Metrics(m.jobsTotal(), completed, failed, m.skipped(), running,
                m.jobsTotal() - completed - failed - interrupted - m.skipped() - running, m.attempts(), m.retries(), m.retryRate(),
                completed + failed == 0 ? null : (double) completed / (completed + failed), m.durationMs(), interrupted);
        RunState.Span span = lost ? new RunState.Span(run.span().startedAt(), now) : run.span();
        return run.with(outcome, span, run.heartbeatAt(), run.resumeCommand()).with(metrics, jobs, history);
    }

    private static int count(List<RunState.JobEntry> jobs, JobStatus status) {
        return (int) jobs.stream().filter(j -> j.status() == status).count();
    }

    public static String key(String runId, String jobId) {
        return runId + " " + jobId;
    }

    /** Writes the reconciled state of every lost run (done by {@code run} and {@code runs}, never by read-only commands). */
    public List<RunState> reconcileAll() throws IOException {
        return reconcileAll(Map.of());
    }

    public List<RunState> reconcileAll(Map<String, RunState.JobEntry> known) throws IOException {
        List<RunState> fixed = new ArrayList<>();
        for (RunState run : list()) {
            RunState now = reconciled(run, known);
            if (now != run) {
                StateJson.writeAtomically(layout.runState(run.runId()), now);
                fixed.add(now);
            }
        }
        return fixed;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
