package dev.morph.exec;

import dev.morph.run.JobReason;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs each attempt as a local child process: stdin from /dev/null, stdout and stderr appended to the
 * job's log, the job's environment added to morph's. A time limit kills the
 * whole process tree.
 */
public final class LocalRunner implements JobRunner {
    private final Duration killGrace;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "morph-timeouts");
        t.setDaemon(true);
        return t;
    });

    private final UsageSampler usage = new UsageSampler();

    public LocalRunner(Duration killGrace) {
        this.killGrace = killGrace;
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
        ProcessBuilder pb = new ProcessBuilder(spec.argv())
                .directory(spec.workdir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(spec.env());
        Process process = pb.start();
        return usage.measured(process, new LocalProcess(process, spec.timeout()));
    }

    @Override
    public void close() {
        timers.shutdownNow();
        usage.close();
    }

    private final class LocalProcess implements Launched {
        private final Process process;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        /** Completes when a kill of the whole tree has finished, so an attempt only ends once its tree is gone. */
        private final CompletableFuture<Void> killed = new CompletableFuture<>();
        private final CompletableFuture<Exit> exit;
        private final ScheduledFuture<?> timer;

        LocalProcess(Process process, Duration timeout) {
            this.process = process;
            this.timer = timeout == null ? null : timers.schedule(() -> {
                timedOut.set(true);
                kill(killGrace);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            this.exit = process.onExit().thenCompose(p -> {
                if (timer != null) {
                    timer.cancel(false);
                }
                boolean wasKilled = timedOut.get() || stopped.get();
                return (wasKilled ? killed : CompletableFuture.completedFuture((Void) null)).thenApply(v -> {
                    int code = p.exitValue();
                    if (timedOut.get()) {
                        return new Exit(code, JobReason.TIMEOUT, "killed after its time limit of " + dev.morph.pipeline.Durations.format(timeout));
                    }
                    if (stopped.get()) {
                        return new Exit(code, JobReason.KILLED, "stopped by morph");
                    }
                    return Exit.of(code);
                });
            });
        }

        @Override
        public CompletableFuture<Exit> exit() {
            return exit;
        }

        @Override
        public void terminate(Duration grace) {
            stopped.set(true);
            kill(grace);
        }

        /** Runs off the caller's thread, so one job's grace period never delays another job or the timer. */
        private void kill(Duration grace) {
            Thread t = new Thread(() -> {
                try {
                    ProcessTrees.terminate(process.toHandle(), grace);
                } catch (UncheckedIOException | SecurityException e) {
                    process.destroyForcibly();
                } finally {
                    killed.complete(null);
                }
            }, "morph-kill-" + process.pid());
            t.setDaemon(true);
            t.start();
        }

        @Override
        public String handle() {
            return Long.toString(process.pid());
        }
    }
}
