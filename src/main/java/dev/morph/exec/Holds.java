package dev.morph.exec;

import dev.morph.exec.JobAttempt.Phase;
import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunState.JobEntry.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Jobs launched held on upstream jobs still in a cluster scheduler's queue (a scheduler dependency:
 * the scheduler starts them as soon as it sees those end, not a poll interval later), for the
 * {@link Executor}'s thread. A held job counts against the same limit as any launched one, and as
 * started only when the scheduler starts it; its end is decided only once its upstream jobs have
 * settled (their output checks come first). When an upstream fails, its held jobs are removed from the
 * queue and skipped; when it is retried, they wait again.
 */
final class Holds {
    /** What the executor does to a job on the hold's behalf: prepare it, undo a launch that never ran (restoring its journal record or not), end it. */
    record Moves(BiConsumer<JobAttempt, ResourcePool.Grant> prepare, BiConsumer<JobAttempt, Boolean> notLaunched, BiConsumer<JobAttempt, Outcome> end) {
    }

    /** A held job's end that came before its upstream jobs had settled. */
    private record Parked(JobRunner.Launched launched, JobRunner.Exit exit) {
    }

    private final RunContext ctx;
    private final JobTable jobs;
    private final Scheduler scheduler;
    private final ResourcePool pool;
    private final Moves moves;
    /** Whether the runner can hold any job of the plan at all. */
    private final boolean enabled;
    private final Map<JobId, Set<JobId>> upstream = new LinkedHashMap<>();
    private final Map<JobId, Parked> parked = new HashMap<>();
    /** Held jobs to drop once their preparation or launch returns: with this outcome, or (empty) back to waiting. */
    private final Map<JobId, Optional<Outcome>> dropping = new HashMap<>();

    Holds(RunContext ctx, List<JobId> toRun, JobTable jobs, Scheduler scheduler, ResourcePool pool, Moves moves) {
        this.ctx = ctx;
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.pool = pool;
        this.moves = moves;
        this.enabled = toRun.stream().anyMatch(id -> ctx.runner().canHold(id.step()));
    }

    boolean held(JobId job) {
        return upstream.containsKey(job);
    }

    /** While fewer than {@code limit} jobs are launched or ahead: prepares waiting jobs whose upstream jobs are all holdable, held on them. */
    void dispatch(int limit) {
        if (!enabled) {
            return;
        }
        // counted once, as each job prepared is one more ahead: counting per waiting job made each event quadratic
        long launchedOrAhead = jobs.count(p -> p.inSlot() || p.ahead());
        for (JobId id : scheduler.waiting()) {
            if (launchedOrAhead >= limit) {
                return;
            }
            List<JobId> on = scheduler.pendingUpstream(id);
            JobAttempt job = jobs.get(id);
            if (job.phase() != Phase.PENDING || !ctx.runner().canHold(id.step()) || !on.stream().map(jobs::get).allMatch(this::holdable)) {
                continue;
            }
            ResourcePool.Grant grant = pool.tryAcquire(job.plan().job().step().resources());
            if (grant != null) {
                upstream.put(id, Set.copyOf(on));
                moves.prepare().accept(job, grant);
                launchedOrAhead++;
            }
        }
    }

    /** A job others can be held on: in the scheduler's queue (not a local step's process) and not yet ended. */
    private boolean holdable(JobAttempt up) {
        return up.phase() == Phase.RUNNING && up.launched().executor() == null && ctx.runner().canHold(up.id().step());
    }

    /** Whether its launch must wait: an upstream job has ended and is being settled (not yet known to have succeeded). */
    boolean waitsToLaunch(JobId job) {
        return upstream.getOrDefault(job, Set.of()).stream().anyMatch(u -> jobs.get(u).phase() == Phase.FINISHING);
    }

    /** The handles of the upstream jobs it is held on that are still in the queue. */
    List<String> heldOn(JobId job) {
        return upstream.getOrDefault(job, Set.of()).stream().map(jobs::get).filter(u -> u.phase() == Phase.RUNNING)
                .map(u -> u.launched().handle()).toList();
    }

    /**
     * A held job's end: empty when it is to be settled as usual (its start time, once it started, in
     * the optional's value); null when the executor must do nothing now (it never started and the run
     * is stopping: it is pending again; or its upstream jobs have not settled: it is decided then).
     */
    OptionalLong ended(JobAttempt job, JobRunner.Launched launched, JobRunner.Exit exit, boolean stopping) {
        JobId id = job.id();
        if (!held(id)) {
            return OptionalLong.empty();
        }
        OptionalLong started = launched.startedAt();
        if (started.isEmpty() && stopping) {
            upstream.remove(id);
            moves.notLaunched().accept(job, true);
            return null;
        }
        if (!scheduler.pendingUpstream(id).isEmpty()) {
            parked.put(id, new Parked(launched, exit));
            return null;
        }
        upstream.remove(id);
        return started;
    }

    /** Held ends whose upstream jobs have now all settled, handed back to {@code finished}. */
    void resume(Finished finished) {
        List<JobId> ready = parked.keySet().stream().filter(j -> scheduler.pendingUpstream(j).isEmpty()).toList();
        for (JobId j : ready) {
            Parked p = parked.remove(j);
            finished.accept(jobs.get(j), p.launched(), p.exit());
        }
    }

    /** The executor's handling of a launched attempt's end. */
    interface Finished {
        void accept(JobAttempt job, JobRunner.Launched launched, JobRunner.Exit exit);
    }

    /** {@code job} is tried again: the jobs held on its failed attempt (directly or through others) wait again. */
    void retrying(JobId job) {
        List<JobId> out = new ArrayList<>();
        List<JobId> todo = new ArrayList<>(List.of(job));
        while (!todo.isEmpty()) {
            JobId j = todo.remove(todo.size() - 1);
            upstream.forEach((h, on) -> {
                if (on.contains(j) && !out.contains(h)) {
                    out.add(h);
                    todo.add(h);
                }
            });
        }
        out.forEach(h -> drop(jobs.get(h), Optional.empty()));
    }

    /** Skips a job downstream of a failed one; if it is held, it is removed from the queue first, and its outcome says so. */
    void skip(JobId job, Outcome outcome) {
        JobAttempt a = jobs.get(job);
        if (!held(job)) {
            moves.end().accept(a, outcome);
            return;
        }
        String removed = a.phase() == Phase.RUNNING
                ? "; " + ctx.runner().name() + " job " + a.launched().handle() + " held on it was removed from the queue" : "";
        drop(a, Optional.of(new Outcome(outcome.status(), outcome.reason(), outcome.message() + removed, null)));
    }

    /** --fail-fast: held jobs that have not started are removed from the queue, not started. */
    void failFast(String message) {
        for (JobId h : new ArrayList<>(upstream.keySet())) {
            JobAttempt a = jobs.get(h);
            if (a.phase() != Phase.RUNNING || a.launched().startedAt().isEmpty()) {
                drop(a, Optional.of(new Outcome(JobStatus.SKIPPED, JobReason.FAIL_FAST, message, null)));
            }
        }
    }

    /** Its preparation or launch has returned (now PREPARED or RUNNING when it went well): a drop decided meanwhile takes effect. */
    void returned(JobAttempt job, boolean ok) {
        Optional<Outcome> outcome = dropping.remove(job.id());
        if (outcome == null) {
            return;
        }
        if (ok) {
            drop(job, outcome);
        } else {
            outcome.filter(o -> job.phase() != Phase.ENDED).ifPresent(o -> moves.end().accept(job, o));
        }
    }

    /**
     * A held job whose upstream failed ({@code outcome}: how it ends) or is tried again (empty: it waits
     * again) is removed from the queue; one that never started gets its previous journal record back.
     * One being prepared or launched is dropped when that returns.
     */
    private void drop(JobAttempt job, Optional<Outcome> outcome) {
        JobId id = job.id();
        upstream.remove(id);
        parked.remove(id);
        switch (job.phase()) {
            case PREPARING, LAUNCHING -> {
                dropping.put(id, outcome);
                return;
            }
            case PREPARED -> moves.notLaunched().accept(job, true);
            case RUNNING -> {
                boolean started = job.launched().startedAt().isPresent();
                job.terminate(Duration.ZERO);
                moves.notLaunched().accept(job, !started);
            }
            default -> {
            }
        }
        outcome.ifPresentOrElse(o -> moves.end().accept(job, o), () -> scheduler.withdraw(id));
    }
}
