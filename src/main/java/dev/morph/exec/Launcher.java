package dev.morph.exec;

import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Starts the processes of prepared jobs, on the {@link Executor}'s I/O threads so that they start side
 * by side, and none once {@link #close}d: a stop (Ctrl-C, fail-fast, a write error) takes the write
 * lock, so every launch either finished before it (and the executor stops that job like the others)
 * or sees it closed and starts nothing.
 */
final class Launcher {
    /** How long a prepared job may wait for a slot before its start record is written afresh. */
    static final Duration FRESH = Duration.ofSeconds(1);

    /**
     * How a launch went: {@code launched}, or {@code notWritten} (a refreshed start record or the log
     * header could not be written), or {@code launchError}; all null when launches were closed.
     * {@code ready} is the preparation the job was launched with (refreshed if it had waited long).
     */
    record Result(AttemptSetup.Ready ready, JobRunner.Launched launched, IOException notWritten, Exception launchError) {
    }

    private final RunContext ctx;
    private final AttemptSetup setup;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private boolean closed;

    Launcher(RunContext ctx, AttemptSetup setup) {
        this.ctx = ctx;
        this.setup = setup;
    }

    /** Writes the log header, starts the process (held on the runner's jobs {@code heldOn}) and notes it in the job's lock; called on an I/O thread. */
    Result launch(JobPlan jp, int attempt, ResourcePool.Grant grant, AttemptSetup.Ready prepared, List<String> heldOn) {
        JobId id = jp.id();
        AttemptSetup.Ready ready = prepared;
        try {
            if (ctx.time().nanoTime() - ready.preparedAt() > FRESH.toNanos()) {
                // its start time is what its inputs are compared with: not one from before a long wait
                AttemptSetup.Prepared again = setup.prepare(jp, attempt, grant, false, !heldOn.isEmpty());
                if (again instanceof AttemptSetup.NotWritten e) {
                    throw e.error();
                }
                AttemptSetup.Ready fresh = (AttemptSetup.Ready) again;
                ready = new AttemptSetup.Ready(fresh.spec(), fresh.record(), prepared.previous(), fresh.preparedAt());
            }
            setup.writeLogHeader(ready.spec());
        } catch (IOException e) {
            return new Result(ready, null, e, null);
        }
        JobRunner.Launched launched;
        gate.readLock().lock();
        try {
            if (closed) {
                return new Result(ready, null, null, null);
            }
            launched = ctx.runner().launch(ready.spec(), heldOn);
        } catch (JobRunner.NotLaunched e) {
            return new Result(ready, null, null, null);
        } catch (IOException | RuntimeException e) {
            return new Result(ready, null, null, e);
        } finally {
            gate.readLock().unlock();
        }
        setup.annotate(id, launched);
        return new Result(ready, launched, null, null);
    }

    /** No process starts after this returns; launches under way finish first. */
    void close() {
        ctx.runner().stopLaunching();
        gate.writeLock().lock();
        try {
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
    }
}
