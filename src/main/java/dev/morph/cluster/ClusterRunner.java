package dev.morph.cluster;

import dev.morph.exec.JobRunner;
import dev.morph.exec.JobSpec;
import dev.morph.exec.Progress;
import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.Owner;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs attempts as cluster jobs: writes each job's script under its run directory, submits it (at most
 * {@code submitRate} submissions per second), and watches every job of the run with one batched status
 * query per poll interval. A job that has left the queue gets its exit code from its exit-code file,
 * waiting up to {@code latencyWait} for a shared file system to show it, then from the scheduler's
 * accounting; failing both it is {@code EXIT_STATUS_LOST}.
 */
public final class ClusterRunner implements JobRunner {
    /** Timing of a cluster run: poll interval, NFS latency wait, submissions per second. */
    public record Settings(Duration pollInterval, Duration latencyWait, double submitRate) {
        /** How long an exit-code file or output may take to show on a shared file system (--latency-wait's default). */
        public static final Duration LATENCY_WAIT = Duration.ofSeconds(10);
    }

    /** How often the queue is asked while a job morph cancelled is still listed: a stop should end at once. */
    private static final long CANCEL_POLL = 200;
    /** How long a run's end waits for the scheduler to let go of jobs morph removed (Grid Engine deletes asynchronously). */
    private static final Duration CANCELLED_LEAVE = Duration.ofSeconds(30);
    /** Names Grid Engine keeps for itself (case-insensitive), refused as job names. */
    private static final Set<String> SGE_KEYWORDS = Set.of("ALL", "NONE", "TEMPLATE");

    private final BatchSystem batch;
    private final StateLayout layout;
    private final Settings settings;
    private final Progress progress;
    private final Map<String, ClusterJob> active = new ConcurrentHashMap<>();
    private final ExecutorService settlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "morph-cluster-settle");
        t.setDaemon(true);
        return t;
    });
    private final Thread poller;
    private volatile boolean closed;
    /** Set by the first stop: no submit command starts after it. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Object turns = new Object();
    private long nextTurn;
    private int pollFailures;

    public ClusterRunner(BatchSystem batch, StateLayout layout, Settings settings, Progress progress) {
        this.batch = batch;
        this.layout = layout;
        this.settings = settings;
        this.progress = progress;
        this.poller = new Thread(this::pollLoop, "morph-cluster-poll");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * A job's name in the queue, readable in its default columns: step, then experiment. Grid Engine
     * refuses a name that starts with a digit or is one of its keywords (a global step named {@code all}):
     * those get a leading {@code _}.
     */
    public static String jobName(JobId job) {
        String name = (job.experiment() == null ? job.step() : job.step() + "." + job.experiment()).replaceAll("[^A-Za-z0-9._-]", "_");
        boolean refused = Character.isDigit(name.charAt(0)) || SGE_KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
        return refused ? "_" + name : name;
    }


    @Override
    public String name() {
        return batch.name();
    }

    public BatchSystem batch() {
        return batch;
    }

    /**
     * Writes the script and the intent to submit (durably), submits, and records the job ID (durably):
     * a morph killed at any point leaves what {@link Submissions#resolve} needs to never submit it twice.
     */
    @Override
    public Launched launch(JobSpec spec) throws IOException {
        return launch(spec, List.of());
    }

    /**
     * Submits held on the given jobs of this run's (a scheduler dependency); those already settled are
     * left out. The script also checks their exit-code files, as Grid Engine's hold does not.
     */
    @Override
    public Launched launch(JobSpec spec, List<String> upstream) throws IOException {
        Path script = JobFiles.script(layout, spec.runId(), spec.id());
        Path exit = JobFiles.exitFile(script);
        String token = Submissions.token(spec.runId());
        List<ClusterJob> held = upstream.stream().map(active::get).filter(Objects::nonNull).toList();
        JobScript.write(script, exit, token, spec, held.stream().map(j -> JobFiles.exitFile(j.script)).toList(), settings.latencyWait());
        List<String> command = new ArrayList<>(batch.submitCommand(script, spec.log(), jobName(spec.id()), token, spec.resources(),
                spec.timeout(), spec.cluster()));
        if (!held.isEmpty()) {
            command.addAll(command.size() - 1, batch.holdOptions(held.stream().map(j -> j.id).toList()));
        }
        awaitTurn();
        Submissions.Submission intent = new Submissions.Submission(spec.id().toString(), spec.attempt(), token, batch.name(),
                Owner.localHost(), Instant.now().toString(), null, false);
        Submissions.write(script, intent);
        if (stopping.getCount() == 0) {
            throw new NotLaunched();
        }
        String id;
        try {
            id = batch.submit(command);
        } catch (BatchSystem.SubmitException e) {
            throw new LaunchException(JobReason.SUBMIT_FAILED, e.getMessage());
        }
        Submissions.write(script, intent.submitted(id));
        return track(new ClusterJob(id, script, spec));
    }

    @Override
    public Launched attach(JobSpec spec, String handle, String ownerRunId) {
        return track(new ClusterJob(handle, JobFiles.script(layout, ownerRunId, spec.id()), spec));
    }

    @Override
    public boolean canHold(String step) {
        return true;
    }

    @Override
    public void stopLaunching() {
        stopping.countDown();
    }

    private ClusterJob track(ClusterJob job) {
        active.put(job.id, job);
        synchronized (this) {
            notifyAll();
        }
        return job;
    }

    /**
     * Waits for this submission's turn under {@code --submit-rate}: the turn is taken under a lock, the
     * wait is outside it (so recording and polling go on), and a stop ends it at once.
     */
    private void awaitTurn() throws NotLaunched {
        if (settings.submitRate() > 0) {
            long gap = (long) (1_000_000_000L / settings.submitRate());
            long turn;
            synchronized (turns) {
                turn = Math.max(System.nanoTime(), nextTurn);
                nextTurn = turn + gap;
            }
            try {
                stopping.await(turn - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotLaunched();
            }
        }
        if (stopping.getCount() == 0) {
            throw new NotLaunched();
        }
    }

    private void pollLoop() {
        while (!closed) {
            synchronized (this) {
                try {
                    wait(active.isEmpty() ? 1000 : active.values().stream().anyMatch(j -> j.cancelled) ? CANCEL_POLL
                            : settings.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (closed || active.isEmpty()) {
                continue;
            }
            pollOnce();
        }
    }

    /** One batched query for every watched job; jobs that are over are settled off this thread. */
    private void pollOnce() {
        List<ClusterJob> jobs = new ArrayList<>(active.values());
        Map<String, String> states;
        try {
            states = batch.states();
            pollFailures = 0;
        } catch (IOException e) {
            if (++pollFailures % 10 == 1) {
                progress.warn("cannot ask " + batch.name() + " about its jobs (will keep trying): " + e.getMessage());
            }
            return;
        }
        for (ClusterJob j : jobs) {
            String state = states.get(j.id);
            if (state != null) {
                j.state = state;
            }
            if (state == null || batch.finished(state)) {
                settle(j, state);
            }
        }
    }

    /** Settles a job once, off the poller's thread. */
    private void settle(ClusterJob j, String state) {
        if (active.remove(j.id) != null) {
            settlers.submit(() -> settleNow(j, state));
        }
    }

    private void settleNow(ClusterJob job, String lastState) {
        if (job.cancelled) {
            // cancelled by morph: what it was doing does not matter, and waiting for its exit file would only delay the stop
            job.state = batch.name().equals("slurm") ? "CANCELLED" : "deleted";
            job.exit.complete(new Exit(null, JobReason.KILLED, "cancelled by morph (" + batch.name() + " job " + job.id + ")"));
            return;
        }
        try {
            job.exit.complete(outcome(job, lastState));
        } catch (IOException | RuntimeException e) {
            job.exit.complete(new Exit(null, JobReason.EXIT_STATUS_LOST, "cannot tell how " + batch.name() + " job " + job.id + " ended: "
                    + e.getMessage()));
        }
    }

    /**
     * How a job that is over ended: a scheduler error state is reported with its reason and the job
     * removed; otherwise the exit-code file decides (waited for only if the job started), and the
     * scheduler's accounting is asked only when that file is missing or says the job failed (for a
     * verdict such as {@code OUT_OF_MEMORY}). A job that left the queue without starting was removed.
     */
    private Exit outcome(ClusterJob job, String lastState) throws IOException {
        String name = batch.name() + " job " + job.id;
        JobReason reason = lastState == null ? null : batch.reasonFor(lastState);
        if (reason == JobReason.SCHEDULER_ERROR) {
            String why = batch.errorReason(job.id).orElse("the scheduler gave no reason");
            batch.cancel(List.of(job.id));
            return new Exit(null, reason, name + " was stuck in state " + lastState + " (" + why + "); morph removed it");
        }
        boolean started = Files.exists(Submissions.startedFile(job.script));
        Integer code = started ? JobFiles.readExitFile(JobFiles.exitFile(job.script), settings.latencyWait()) : null;
        Optional<BatchSystem.Accounting> acct = Optional.empty();
        if (code == null || code != 0 && reason == null) {
            try {
                acct = batch.accounting(job.id);
            } catch (IOException e) {
                if (code == null) {
                    throw e;
                }
            }
            reason = reason != null ? reason : acct.map(BatchSystem.Accounting::reason).orElse(null);
            code = code != null ? code : acct.map(BatchSystem.Accounting::exitCode).orElse(null);
        }
        if (lastState == null) {
            job.state = acct.map(BatchSystem.Accounting::state).orElse(code == null ? "gone" : code == 0 ? "done" : "failed");
        }
        String detail = acct.map(BatchSystem.Accounting::message).orElse(batch.name() + " state " + job.state);
        if (reason != null) {
            return new Exit(code, reason, name + " ended " + reason + " (" + detail + ")");
        } else if (code == null && !started) {
            job.state = "removed";
            return new Exit(null, JobReason.CANCELLED, name + " left the queue before it started (removed by qdel/scancel or an administrator)");
        } else if (code == null) {
            return new Exit(null, JobReason.EXIT_STATUS_LOST, name + " left the queue, its exit-code file did not appear within "
                    + settings.latencyWait().toSeconds() + "s and the scheduler no longer knows it");
        }
        if (code == 0) {
            JobFiles.waitFor(job.spec.outputsReady(), settings.latencyWait());
        }
        return Exit.of(code);
    }

    /** Ends watching, once the jobs morph removed have left the queue: a run leaves nothing of its own queued. */
    @Override
    public void close() {
        awaitCancelledGone();
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        settlers.shutdown();
    }

    /**
     * Waits (polling as after a stop) while jobs morph cancelled are still listed: held jobs removed when
     * their upstream failed end at once in the run, but {@code qdel} of one the scheduler had already
     * released only registers the deletion.
     */
    private void awaitCancelledGone() {
        long deadline = System.nanoTime() + CANCELLED_LEAVE.toNanos();
        List<String> left;
        while (!(left = active.values().stream().filter(j -> j.cancelled).map(j -> j.id).sorted().toList()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                progress.warn(batch.name() + " still lists jobs morph removed " + CANCELLED_LEAVE.toSeconds() + "s ago: "
                        + String.join(", ", left) + " (their deletion was requested)");
                return;
            }
            JobFiles.sleep(CANCEL_POLL);
        }
    }

    /** One submitted job, watched until it has left the queue. */
    private final class ClusterJob implements Launched {
        final String id;
        final Path script;
        final JobSpec spec;
        final CompletableFuture<Exit> exit = new CompletableFuture<>();
        volatile String state = "SUBMITTED";
        volatile boolean cancelled;
        /** The exit with what the scheduler's accounting says the job used, asked for once it has ended (not for a cancelled job). */
        private final CompletableFuture<Exit> measured = exit.thenApply(e -> cancelled ? e : e.with(batch.usage(handle()).orElse(null)));

        ClusterJob(String id, Path script, JobSpec spec) {
            this.id = id;
            this.script = script;
            this.spec = spec;
        }

        @Override
        public CompletableFuture<Exit> exit() {
            return measured;
        }

        @Override
        public void terminate(Duration grace) {
            cancelled = true;
            try {
                batch.cancel(List.of(id));
            } catch (IOException e) {
                progress.warn("could not cancel " + batch.name() + " job " + id + ": " + e.getMessage());
            }
            synchronized (ClusterRunner.this) {
                ClusterRunner.this.notifyAll();
            }
        }

        @Override
        public String handle() {
            return id;
        }

        /** The mtime of the file the job writes as it starts: a file-system time, as start records need. */
        @Override
        public OptionalLong startedAt() {
            try {
                return OptionalLong.of(Files.getLastModifiedTime(Submissions.startedFile(script)).to(TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                return OptionalLong.empty();
            }
        }

        @Override
        public String state() {
            return state;
        }
    }
}
