package dev.morph.cluster;

import dev.morph.exec.JobRunner;
import dev.morph.exec.JobSpec;
import dev.morph.exec.Progress;
import dev.morph.run.JobReason;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    private long lastSubmit;
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

    /** The job name every job of a run carries, so one query finds them all. */
    public static String jobName(String runId) {
        return "morph-" + runId;
    }

    /** Where a job's script and exit-code file live in its run's directory. */
    public static Path script(StateLayout layout, String runId, dev.morph.plan.JobId job) {
        Path jobs = layout.run(runId).resolve("jobs");
        return job.experiment() == null ? jobs.resolve(job.step() + ".sh") : jobs.resolve(job.step()).resolve(job.experiment() + ".sh");
    }

    public static Path exitFile(Path script) {
        return script.resolveSibling(script.getFileName().toString().replaceFirst("\\.sh$", ".exit"));
    }

    @Override
    public String name() {
        return batch.name();
    }

    public BatchSystem batch() {
        return batch;
    }

    @Override
    public Launched launch(JobSpec spec) throws IOException {
        Path script = script(layout, spec.runId(), spec.id());
        Path exit = exitFile(script);
        JobScript.write(script, exit, spec);
        List<String> command = batch.submitCommand(script, spec.log(), jobName(spec.runId()), spec.resources(), spec.timeout(), spec.cluster());
        throttle();
        String id;
        try {
            id = batch.submit(command);
        } catch (BatchSystem.SubmitException e) {
            throw new LaunchException(JobReason.SUBMIT_FAILED, e.getMessage());
        }
        return track(new ClusterJob(id, jobName(spec.runId()), exit, spec));
    }

    @Override
    public Launched attach(JobSpec spec, String handle, String ownerRunId) {
        return track(new ClusterJob(handle, jobName(ownerRunId), exitFile(script(layout, ownerRunId, spec.id())), spec));
    }

    private ClusterJob track(ClusterJob job) {
        active.put(job.id, job);
        synchronized (this) {
            notifyAll();
        }
        return job;
    }

    private synchronized void throttle() {
        if (settings.submitRate() <= 0) {
            return;
        }
        long gap = (long) (1_000_000_000L / settings.submitRate());
        long wait = lastSubmit + gap - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lastSubmit = System.nanoTime();
    }

    private void pollLoop() {
        while (!closed) {
            synchronized (this) {
                try {
                    wait(active.isEmpty() ? 1000 : settings.pollInterval().toMillis());
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
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        jobs.forEach(j -> {
            names.add(j.name);
            ids.add(j.id);
        });
        Map<String, String> states;
        try {
            states = batch.states(names, ids);
            pollFailures = 0;
        } catch (IOException e) {
            if (++pollFailures % 10 == 1) {
                progress.warn("cannot ask " + batch.name() + " about its jobs (will keep trying): " + e.getMessage());
            }
            return;
        }
        for (ClusterJob j : jobs) {
            String state = states.get(j.id);
            j.state = state;
            if (state == null || batch.finished(state)) {
                active.remove(j.id);
                settlers.submit(() -> settle(j, state));
            }
        }
    }

    private void settle(ClusterJob job, String lastState) {
        try {
            Integer code = readExitFile(job.exitFile, settings.latencyWait());
            Optional<BatchSystem.Accounting> acct = Optional.empty();
            JobReason reason = lastState == null ? null : batch.reasonFor(lastState);
            if (code == null || (reason == null && lastState == null)) {
                acct = batch.accounting(job.id);
                if (reason == null) {
                    reason = acct.map(BatchSystem.Accounting::reason).orElse(null);
                }
                if (code == null) {
                    code = acct.map(BatchSystem.Accounting::exitCode).orElse(null);
                }
            }
            String detail = acct.map(BatchSystem.Accounting::message).orElse(batch.name() + " state " + lastState);
            if (job.cancelled) {
                job.exit.complete(new Exit(code, JobReason.KILLED, "cancelled by morph (" + batch.name() + " job " + job.id + ")"));
            } else if (reason != null) {
                job.exit.complete(new Exit(code, reason, batch.name() + " job " + job.id + " ended " + reason + " (" + detail + ")"));
            } else if (code == null) {
                job.exit.complete(new Exit(null, JobReason.EXIT_STATUS_LOST, batch.name() + " job " + job.id + " left the queue, its exit-code "
                        + "file did not appear within " + settings.latencyWait().toSeconds() + "s and the scheduler no longer knows it"));
            } else {
                if (code == 0) {
                    waitFor(job.spec.outputsReady(), settings.latencyWait());
                }
                job.exit.complete(Exit.of(code));
            }
        } catch (IOException | RuntimeException e) {
            job.exit.complete(new Exit(null, JobReason.EXIT_STATUS_LOST, "cannot tell how " + batch.name() + " job " + job.id + " ended: "
                    + e.getMessage()));
        }
    }

    /** The exit code from the job's file, waiting up to {@code wait} for it to become visible. */
    static Integer readExitFile(Path file, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (text.matches("\\d+")) {
                    return Integer.valueOf(text);
                }
            } catch (NoSuchFileException e) {
                // not written, or not visible here yet
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            sleep(250);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier ready, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(250);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        settlers.shutdown();
    }

    /** One submitted job, watched until it has left the queue. */
    private final class ClusterJob implements Launched {
        final String id;
        final String name;
        final Path exitFile;
        final JobSpec spec;
        final CompletableFuture<Exit> exit = new CompletableFuture<>();
        /** The exit with what the scheduler's accounting says the job used, asked for once it has ended. */
        private final CompletableFuture<Exit> measured = exit.thenApply(e -> e.with(batch.usage(handle()).orElse(null)));
        volatile String state = "SUBMITTED";
        volatile boolean cancelled;

        ClusterJob(String id, String name, Path exitFile, JobSpec spec) {
            this.id = id;
            this.name = name;
            this.exitFile = exitFile;
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
        }

        @Override
        public String handle() {
            return id;
        }

        @Override
        public String state() {
            return state;
        }
    }
}
