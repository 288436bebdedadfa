package dev.morph.exec;

import dev.morph.pipeline.Durations;
import dev.morph.pipeline.Resources;
import dev.morph.run.JobReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs each attempt as a local process under a small supervisor ({@code supervise.sh}): the job runs in
 * a session and process group of its own (in a cgroup of its own where {@link JobCgroups} can make one,
 * which also enforces the step's {@code mem} and tells when the kernel killed the job for going over it),
 * stdin from /dev/null, stdout and stderr appended to the job's log, the job's environment added to
 * morph's. The supervisor holds a pipe from morph: a stop is a line on it, and when morph dies the pipe
 * closes and the supervisor stops the job. It exits once nothing of the job is left, so an attempt's end
 * means its processes are gone, after a time limit, a stop, or a plain exit that left children behind.
 */
public final class LocalRunner implements JobRunner {
    private static final String SUPERVISOR = resource("supervise.sh");
    private static final Duration POLL = Duration.ofMillis(50);

    private final Duration killGrace;
    private final JobCgroups cgroups;
    private final Progress progress;
    private final AtomicBoolean toldMemoryUnlimited = new AtomicBoolean();
    private final UsageSampler usage = new UsageSampler();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "morph-timeouts");
        t.setDaemon(true);
        return t;
    });

    /** {@code progress} hears once that {@code mem} is not enforced, when a job declares it and no memory cgroup can be made. */
    public LocalRunner(Duration killGrace, Progress progress) {
        this(killGrace, JobCgroups.detect(), progress);
    }

    LocalRunner(Duration killGrace, JobCgroups cgroups, Progress progress) {
        this.killGrace = killGrace;
        this.cgroups = cgroups;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Launched launch(JobSpec spec) throws IOException {
        if (!Files.isDirectory(spec.workdir())) {
            throw new IOException("working directory " + spec.workdir() + " does not exist");
        }
        Sessions.requireExecutable(spec.argv().get(0), spec.workdir(), spec.env());
        long memoryMb = spec.resources().get(Resources.MEM_MB);
        if (memoryMb > 0 && !cgroups.limitsMemory() && toldMemoryUnlimited.compareAndSet(false, true)) {
            progress.warn("mem is not enforced for local jobs here (morph cannot make a memory cgroup): a job over its mem runs on");
        }
        JobCgroups.Job cgroup = cgroups.create(memoryMb * 1024 * 1024);
        List<String> cmd = new ArrayList<>(Sessions.SETSID);
        cmd.addAll(List.of("sh", "-c", SUPERVISOR, "morph-job", Long.toString(polls(killGrace)), cgroup.dir(), cgroup.memory()));
        cmd.addAll(spec.argv());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(spec.workdir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
        Sessions.givenLocale(pb.environment());
        pb.environment().putAll(spec.env());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            cgroups.end(cgroup);
            throw e;
        }
        return usage.measured(process, new LocalProcess(process, spec.timeout(), cgroup, memoryMb));
    }

    /** Polls of {@link #POLL} in {@code grace}, at least one unless there is no grace at all. */
    static long polls(Duration grace) {
        return grace.isZero() ? 0 : Math.max(1, grace.toMillis() / POLL.toMillis());
    }

    @Override
    public void close() {
        timers.shutdownNow();
        usage.close();
        cgroups.close();
    }

    private static String resource(String name) {
        try (InputStream in = LocalRunner.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class LocalProcess implements Launched {
        private final Process process;
        /** The pipe to the supervisor: kept open while morph lives, closed by the kernel when it dies. */
        private final OutputStream control;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final CompletableFuture<Exit> exit;
        private final ScheduledFuture<?> timer;

        LocalProcess(Process process, Duration timeout, JobCgroups.Job cgroup, long memoryMb) {
            this.process = process;
            this.control = process.getOutputStream();
            this.timer = timeout == null ? null : timers.schedule(() -> {
                timedOut.set(true);
                stop(killGrace);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            this.exit = process.onExit().thenApply(p -> {
                if (timer != null) {
                    timer.cancel(false);
                }
                int code = p.exitValue();
                long oomKills = cgroups.end(cgroup);
                if (timedOut.get()) {
                    return new Exit(code, JobReason.TIMEOUT, "killed after its time limit of " + Durations.format(timeout));
                }
                if (stopped.get()) {
                    return new Exit(code, JobReason.KILLED, "stopped by morph");
                }
                if (oomKills > 0) {
                    return new Exit(code, JobReason.OUT_OF_MEMORY, "over its memory limit (mem " + memoryMb + " MB): the kernel killed "
                            + oomKills + (oomKills == 1 ? " process" : " processes") + " of it");
                }
                return Exit.of(code);
            });
        }

        @Override
        public CompletableFuture<Exit> exit() {
            return exit;
        }

        @Override
        public void terminate(Duration grace) {
            stopped.set(true);
            stop(grace);
        }

        private void stop(Duration grace) {
            synchronized (control) {
                try {
                    control.write(("stop " + polls(grace) + "\n").getBytes(StandardCharsets.US_ASCII));
                    control.flush();
                } catch (IOException e) {
                    // the supervisor has ended: so has the job
                }
            }
        }

        @Override
        public String handle() {
            return Long.toString(process.pid());
        }
    }
}
