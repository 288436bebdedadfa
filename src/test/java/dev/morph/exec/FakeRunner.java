package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.fail;

import dev.morph.run.JobReason;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A job runner that starts nothing (Ninja's {@code FakeCommandRunner}): it records every attempt it is
 * asked to launch, with its spec, and ends attempts only when the test says so, how and in which order
 * it chooses. A stop request ({@link Launched#terminate}) is recorded and, unless the attempt is
 * {@link #stubborn}, ends it as a process killed by morph would end. It is its own {@link RunnerFactory}.
 */
public final class FakeRunner implements JobRunner, RunnerFactory {
    /** How long a test waits for the executor to get somewhere before it fails; nothing here is timed. */
    private static final long PATIENCE_SECONDS = 30;

    /** One attempt the executor launched. */
    public final class Attempt implements Launched {
        public final JobSpec spec;
        public final int index;
        private final CompletableFuture<Exit> exit = new CompletableFuture<>();
        private final List<Duration> terminations = new ArrayList<>();
        private boolean stubborn;

        Attempt(JobSpec spec, int index) {
            this.spec = spec;
            this.index = index;
        }

        @Override
        public CompletableFuture<Exit> exit() {
            return exit;
        }

        @Override
        public void terminate(Duration grace) {
            synchronized (FakeRunner.this) {
                terminations.add(grace);
                FakeRunner.this.notifyAll();
                if (!stubborn) {
                    end(new Exit(143, JobReason.KILLED, "stopped by morph"));
                }
            }
        }

        @Override
        public String handle() {
            return "fake-" + index;
        }

        public boolean ended() {
            return exit.isDone();
        }

        /** The grace periods it was stopped with, in order. */
        public List<Duration> terminations() {
            synchronized (FakeRunner.this) {
                return List.copyOf(terminations);
            }
        }

        /** Ends the attempt; the executor sees it as the process's end. */
        public void end(Exit how) {
            synchronized (FakeRunner.this) {
                exit.complete(how);
                FakeRunner.this.notifyAll();
            }
        }
    }

    private final List<Attempt> launched = new ArrayList<>();
    private final Map<String, IOException> refusals = new HashMap<>();
    private int mostAtOnce;
    private boolean stubborn;

    @Override
    public synchronized Launched launch(JobSpec spec) throws IOException {
        IOException refused = refusals.get(spec.id().toString());
        if (refused != null) {
            throw refused;
        }
        Attempt a = new Attempt(spec, launched.size() + 1);
        a.stubborn = stubborn;
        launched.add(a);
        mostAtOnce = Math.max(mostAtOnce, running().size());
        notifyAll();
        return a;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }

    @Override
    public JobRunner create(RunContext.Settings settings, StateLayout layout, Progress progress) {
        return this;
    }

    /** Launching {@code job} fails with {@code error} (as a missing program or a refused submission would). */
    public synchronized void refuse(String job, IOException error) {
        refusals.put(job, error);
    }

    /** Attempts launched from now on ignore stop requests: they end only when the test ends them. */
    public synchronized void stubborn() {
        stubborn = true;
    }

    /** Every attempt launched so far, in launch order. */
    public synchronized List<Attempt> launches() {
        return List.copyOf(launched);
    }

    /** The jobs launched so far, in launch order (a job twice if it was retried). */
    public synchronized List<String> jobs() {
        return launched.stream().map(a -> a.spec.id().toString()).toList();
    }

    /** Attempts launched and not ended, in launch order. */
    public synchronized List<Attempt> running() {
        return launched.stream().filter(a -> !a.ended()).toList();
    }

    /** The most attempts that were running at once. */
    public synchronized int mostAtOnce() {
        return mostAtOnce;
    }

    /** Waits until {@code n} attempts have been launched in all. */
    public void awaitLaunches(int n) {
        await(n + " launches", () -> launched.size() >= n);
    }

    /** Waits until the latest attempt of {@code job} is launched and still running, and returns it. */
    public Attempt awaitRunning(String job) {
        await(job + " to run", () -> latest(job).filter(a -> !a.ended()).isPresent());
        return latest(job).orElseThrow();
    }

    /** Waits until {@code attempt} has been asked to stop {@code n} times. */
    public void awaitTerminations(Attempt attempt, int n) {
        await(attempt.handle() + " to be stopped " + n + " time(s)", () -> attempt.terminations.size() >= n);
    }

    /** Ends the running attempt of {@code job} with exit code {@code code}. */
    public void exit(String job, int code) {
        awaitRunning(job).end(Exit.of(code));
    }

    private synchronized Optional<Attempt> latest(String job) {
        for (int i = launched.size() - 1; i >= 0; i--) {
            if (launched.get(i).spec.id().toString().equals(job)) {
                return Optional.of(launched.get(i));
            }
        }
        return Optional.empty();
    }

    /** Waits on this runner's monitor, woken by every launch, end and stop request: no polling, no sleeps. */
    private synchronized void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("timed out waiting for " + what + "; launched: " + jobs());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The attempts for which {@code test} holds. */
    public synchronized List<Attempt> launches(Predicate<Attempt> test) {
        return launched.stream().filter(test).toList();
    }
}
