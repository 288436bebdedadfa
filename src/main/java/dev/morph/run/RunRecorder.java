package dev.morph.run;

import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import dev.morph.store.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keeps a run's state and writes {@code state.json} atomically after every change: a writer thread
 * writes the newest state whenever it changed (changes that arrive during a write, or within a short
 * gap after one, are folded into the next, so a fast run is not slowed down by its own record) and at
 * least every heartbeat interval. The first write error is kept for the orchestrator to act on
 * ({@code SYS_WRITE_ERROR}).
 */
public final class RunRecorder implements AutoCloseable {
    /**
     * The least time between two writes: the whole record is rewritten each time, so with thousands of
     * short jobs writing after every change cost more CPU than the jobs. The gap grows with the time a
     * write takes, so that writing stays a small share of a large run's time.
     */
    static final Duration MIN_GAP = Duration.ofMillis(50);

    private final StateLayout layout;
    private final Duration heartbeat;
    private final TimeSource time;
    private RunState state;
    private final Map<String, RunState.JobEntry> jobs = new LinkedHashMap<>();
    /** The jobs' counts, kept as entries change: progress asks for them after every job event. */
    private final Tally tally = new Tally();
    private final List<RunState.HistoryEntry> history = new ArrayList<>();
    private long version;
    private long written = -1;
    private IOException writeError;
    private boolean closed;
    private Thread writer;
    private final Object writeLock = new Object();

    public RunRecorder(StateLayout layout, RunState initial, Duration heartbeat, TimeSource time) {
        this.layout = layout;
        this.heartbeat = heartbeat;
        this.time = time;
        this.state = initial;
        initial.jobs().forEach(j -> {
            jobs.put(j.id(), j);
            tally.add(j, 1);
        });
        history.addAll(initial.history());
    }

    /** Writes the first state synchronously (so an unwritable root fails before any job starts), then starts the writer. */
    public void start() throws IOException {
        write(snapshot());
        writer = new Thread(this::writeLoop, "morph-state-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public synchronized RunState snapshot() {
        return state.with(state.outcome(), state.span(), time.now().toString(), state.resumeCommand())
                .with(metrics(), List.copyOf(jobs.values()), List.copyOf(history));
    }

    public synchronized void job(String id, UnaryOperator<RunState.JobEntry> change) {
        RunState.JobEntry before = jobs.get(id);
        RunState.JobEntry after = change.apply(before);
        jobs.put(id, after);
        if (before != null) {
            tally.add(before, -1);
        }
        tally.add(after, 1);
        changed();
    }

    public synchronized RunState.JobEntry job(String id) {
        return jobs.get(id);
    }

    /** Sets how the run stands; {@code ended} marks a final status. */
    public synchronized void status(RunState.Outcome now, boolean ended, String resumeCommand) {
        String at = time.now().toString();
        state = state.with(now, new RunState.Span(state.span().startedAt(), ended ? at : null), at, resumeCommand);
        history.add(new RunState.HistoryEntry(at, now.status(), now.reason(), now.message()));
        changed();
    }

    public synchronized IOException writeError() {
        return writeError;
    }

    private void changed() {
        version++;
        notifyAll();
    }

    private void writeLoop() {
        long notBefore = System.nanoTime();
        while (true) {
            RunState snap;
            long v;
            synchronized (this) {
                long heartbeatDue = System.nanoTime() + heartbeat.toNanos();
                while (!closed) {
                    long due = version != written ? Math.min(notBefore, heartbeatDue) : heartbeatDue;
                    long now = System.nanoTime();
                    if (now >= due) {
                        break;
                    }
                    try {
                        wait(Math.max(1, (due - now) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                v = version;
                snap = snapshot();
            }
            long began = System.nanoTime();
            try {
                write(snap);
                synchronized (this) {
                    written = Math.max(written, v);
                }
            } catch (IOException e) {
                synchronized (this) {
                    if (writeError == null) {
                        writeError = e;
                    }
                    written = Math.max(written, v);
                }
            }
            long took = System.nanoTime() - began;
            notBefore = System.nanoTime() + Math.max(MIN_GAP.toNanos(), 4 * took);
        }
    }

    /** Writes are serialised on their own lock, so changes can go on while a write is under way. */
    private void write(RunState snap) throws IOException {
        synchronized (writeLock) {
            StateJson.writeAtomically(layout.runState(snap.runId()), snap);
        }
    }

    /** Stops the writer and writes the final state synchronously. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (writer != null) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        write(snapshot());
    }

    private RunState.Metrics metrics() {
        int total = jobs.size();
        int remaining = total - tally.completed - tally.failed - tally.interrupted - tally.skipped - tally.running;
        int retries = tally.attempts - tally.started;
        Double success = tally.completed + tally.failed == 0 ? null : (double) tally.completed / (tally.completed + tally.failed);
        RunState.Span span = state.span();
        Long duration = span.startedAt() == null ? null
                : Duration.between(Instant.parse(span.startedAt()), span.endedAt() == null ? time.now() : Instant.parse(span.endedAt())).toMillis();
        return new RunState.Metrics(total, tally.completed, tally.failed, tally.skipped, tally.running, remaining, tally.attempts, retries,
                tally.attempts == 0 ? 0.0 : (double) retries / tally.attempts, success, duration, tally.interrupted);
    }

    /** Counts of job entries by status, and attempts, for the metrics. */
    private static final class Tally {
        int completed;
        int failed;
        int interrupted;
        int skipped;
        int running;
        int attempts;
        int started;

        void add(RunState.JobEntry j, int sign) {
            attempts += sign * j.attempts();
            started += j.attempts() > 0 ? sign : 0;
            switch (j.status()) {
                case SUCCEEDED -> completed += sign;
                case FAILED -> failed += sign;
                case INTERRUPTED -> interrupted += sign;
                case SKIPPED -> skipped += sign;
                case RUNNING -> running += sign;
                case PENDING -> {
                }
            }
        }
    }
}
