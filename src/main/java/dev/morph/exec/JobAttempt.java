package dev.morph.exec;

import dev.morph.journal.JobRecord;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.run.JobStatus;
import java.time.Duration;
import java.util.Set;

/**
 * One job's way through a run, owned by the {@link Executor}'s thread: a small state machine whose
 * every move checks where it comes from, so a wrong move is a bug found at once.
 * <pre>
 * PENDING → PREPARING → PREPARED → LAUNCHING → RUNNING → FINISHING → ENDED
 *              │            │          │          │           │
 *              └────────────┴──────────┴──────────┴→ PENDING   └→ PENDING (a retry)
 *                   (the run stopped, or its state was not written: the attempt never ran;
 *                    from RUNNING: held in a scheduler's queue, withdrawn before it started)
 * </pre>
 * Preparing takes the job's lock and writes its start record on an I/O thread, ahead of a free slot
 * while jobs are short; launching starts its process (on an I/O thread too); finishing writes its end
 * record. Besides the phase it holds what the phase needs: the resources granted, the preparation, the
 * started process and its start record.
 */
final class JobAttempt {
    enum Phase {
        PENDING, PREPARING, PREPARED, LAUNCHING, RUNNING, FINISHING, ENDED;

        /** Dispatched, not yet launched: holds resources and, once prepared, the job's lock and a start record. */
        boolean ahead() {
            return this == PREPARING || this == PREPARED;
        }

        /** Holds a slot: its process is starting or running. */
        boolean inSlot() {
            return this == LAUNCHING || this == RUNNING;
        }

        /** Launched and not settled: a stop waits for it instead of undoing it. */
        boolean inFlight() {
            return this == LAUNCHING || this == RUNNING || this == FINISHING;
        }
    }

    private final JobPlan plan;
    private Phase phase = Phase.PENDING;
    /** Attempts started, the current one included. */
    private int number;
    private ResourcePool.Grant grant;
    private AttemptSetup.Ready ready;
    private JobRunner.Launched launched;
    private JobRecord record;
    private long since;
    private JobStatus ending;

    JobAttempt(JobPlan plan) {
        this.plan = plan;
    }

    JobId id() {
        return plan.id();
    }

    JobPlan plan() {
        return plan;
    }

    Phase phase() {
        return phase;
    }

    int number() {
        return number;
    }

    ResourcePool.Grant grant() {
        return grant;
    }

    AttemptSetup.Ready ready() {
        return ready;
    }

    JobRunner.Launched launched() {
        return launched;
    }

    /** The attempt's start record, which its end record completes. */
    JobRecord record() {
        return record;
    }

    /** When it was launched, in {@link dev.morph.store.TimeSource#nanoTime} (RUNNING). */
    long since() {
        return since;
    }

    /** The status its end record is being written with (FINISHING). */
    JobStatus ending() {
        return ending;
    }

    /** Asks its process to stop, off the orchestrator's thread: a runner may wait out the grace period. */
    void terminate(Duration grace) {
        JobRunner.Launched process = launched;
        Thread t = new Thread(() -> process.terminate(grace), "morph-stop-" + id());
        t.setDaemon(true);
        t.start();
    }

    /** A new attempt, with the resources granted to it, is being prepared. */
    void preparing(ResourcePool.Grant granted) {
        move(Set.of(Phase.PENDING), Phase.PREPARING);
        number++;
        grant = granted;
    }

    void prepared(AttemptSetup.Ready preparation) {
        move(Set.of(Phase.PREPARING), Phase.PREPARED);
        ready = preparation;
    }

    void launching() {
        move(Set.of(Phase.PREPARED), Phase.LAUNCHING);
    }

    /** Its process runs (launched, or adopted from a dead run as attempt {@code attempt}). */
    void running(JobRunner.Launched process, AttemptSetup.Ready preparation, JobRecord startRecord, long now) {
        move(Set.of(Phase.LAUNCHING), Phase.RUNNING);
        launched = process;
        ready = preparation;
        record = startRecord;
        since = now;
    }

    /** A cluster job a dead morph left running, watched by this run as its attempt {@code attempt}. */
    void adopted(int attempt, ResourcePool.Grant granted) {
        move(Set.of(Phase.PENDING), Phase.LAUNCHING);
        number = attempt;
        grant = granted;
    }

    /** Its end record is being written (its process ended, or it could not be started or adopted). */
    void finishing(JobStatus status, JobRecord startRecord) {
        move(Set.of(Phase.LAUNCHING, Phase.RUNNING), Phase.FINISHING);
        ending = status;
        record = startRecord;
        launched = null;
    }

    /** The attempt never ran (the run stopped first, or its start could not be recorded): it does not count. */
    void undone() {
        move(Set.of(Phase.PREPARING, Phase.PREPARED, Phase.LAUNCHING), Phase.PENDING);
        number--;
        clear();
    }

    /** It was held in a scheduler's queue on other jobs and is removed from it (before it started, as a rule): it does not count. */
    void withdrawn() {
        move(Set.of(Phase.RUNNING), Phase.PENDING);
        number--;
        clear();
    }

    /** It failed and will be tried again. */
    void retry() {
        move(Set.of(Phase.FINISHING), Phase.PENDING);
        clear();
    }

    /** Its outcome is in the run record: nothing more happens to it in this run. */
    void ended() {
        move(Set.of(Phase.values()), Phase.ENDED);
        clear();
    }

    private void clear() {
        grant = null;
        ready = null;
        launched = null;
        ending = null;
    }

    private void move(Set<Phase> from, Phase to) {
        if (!from.contains(phase)) {
            throw new IllegalStateException(String.format("%s: %s → %s, expected from %s", plan == null ? "job" : plan.id(), phase, to, from));
        }
        phase = to;
    }
}
