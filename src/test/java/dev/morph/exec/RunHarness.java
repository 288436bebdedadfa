package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.discover.Selection;
import dev.morph.pipeline.Resources;
import dev.morph.app.Invocation;
import dev.morph.discover.Workspace;
import dev.morph.run.RunState;
import dev.morph.app.RunSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A whole {@code morph run} in this JVM — planning, locks, journal, run record, executor — with a
 * {@link FakeRunner} in place of processes, a {@link FakeTime} clock and stop requests the test makes
 * ({@link Running#interrupt}), on a real data root in a temp directory. Tests end the fake attempts in
 * the order they choose, so what they check follows from events, never from timing.
 *
 * <p>Every step of a harness pipeline writes {@code STEP/EXP.txt} (a global step {@code STEP.txt}):
 * {@link #succeed} writes a job's output, then ends its attempt with exit code 0.
 */
public final class RunHarness {
    public final RunFixture fixture;
    public final Path root;
    public final FakeRunner runner = new FakeRunner();
    public final FakeTime time = new FakeTime();
    private final List<String> warnings = new ArrayList<>();

    public RunHarness(Path dir, String steps) {
        fixture = new RunFixture(dir, RunFixture.pipeline(steps));
        root = fixture.root;
    }

    /** A step {@code name} reading {@code from} ({@code raw/{exp}/} or another step), writing {@code name/{exp}.txt}. */
    public static String step(String name, String from, String extra) {
        String input = from == null ? "raw/{exp}/" : "{from: " + from + "}";
        return name + ":\n  inputs:\n    in: " + input + "\n  outputs:\n    out: " + name + "/{exp}.txt\n  command: [tool, " + name
                + ", \"{exp}\"]\n" + extra.indent(2);
    }

    public RunHarness experiments(String... names) {
        for (String n : names) {
            fixture.experiment(n);
        }
        return this;
    }

    /** Writes the output of {@code job} ({@code step[exp]} or a global {@code step}) and ends its running attempt with 0. */
    public void succeed(String job) {
        FakeRunner.Attempt a = runner.awaitRunning(job);
        String exp = a.spec.id().experiment();
        String step = a.spec.id().step();
        RunFixture.write(root.resolve(exp == null ? step + ".txt" : step + "/" + exp + ".txt"), job + "\n");
        a.end(JobRunner.Exit.of(0));
    }

    /** A run to start: its options, by name. */
    public Request run(String runId) {
        return new Request(runId);
    }

    /** The options of one run, as {@code morph run} would be given them. */
    public final class Request {
        private final String runId;
        private int jobs = 4;
        private String resources;
        private int retries;
        private boolean failFast;
        private Duration timeout;
        private Duration killGrace = Duration.ofSeconds(10);
        private boolean force;
        private List<String> experiments = List.of();
        private Set<dev.morph.plan.JobId> done = Set.of();

        Request(String runId) {
            this.runId = runId;
        }

        public Request jobs(int n) {
            jobs = n;
            return this;
        }

        public Request resources(String totals) {
            resources = totals;
            return this;
        }

        public Request retries(int n) {
            retries = n;
            return this;
        }

        public Request failFast() {
            failFast = true;
            return this;
        }

        public Request timeout(Duration d) {
            timeout = d;
            return this;
        }

        public Request killGrace(Duration d) {
            killGrace = d;
            return this;
        }

        public Request force() {
            force = true;
            return this;
        }

        public Request experiments(String... names) {
            experiments = List.of(names);
            return this;
        }

        /** Starts the run on its own thread; the test drives it through {@link #runner}. */
        public Running start() {
            Workspace ws = Workspace.open(fixture.pipeline, Optional.of(root));
            Selection selection = new Selection(experiments, Optional.empty(), Optional.empty());
            Invocation invocation = new Invocation(List.of(), false, selection, force, List.of(), Map.of(), null);
            Resources totals = ws.pipeline().resources().with(new Resources(Map.of(Resources.CPUS, 64L)));
            if (resources != null) {
                totals = totals.with(Resources.parseList(resources));
            }
            RunContext.Settings settings = new RunContext.Settings(jobs, totals, retries, failFast, timeout, killGrace);
            RunState.InvocationRecord record = new RunState.InvocationRecord(List.of("e2e"), false, experiments, null, null, force, List.of(),
                    Map.of(), null, jobs, resources, retries, failFast, timeout == null ? null : timeout.toString(), "local");
            RunSession.Options options = new RunSession.Options(runId, settings, record, null, done, "morph run --resume",
                    Duration.ofMinutes(1), Duration.ofSeconds(1));
            Running running = new Running(runId);
            RunSession.Hooks hooks = new RunSession.Hooks(time, onStop -> {
                running.onStop.complete(onStop);
                return () -> {
                };
            });
            running.result = CompletableFuture.supplyAsync(() -> RunSession.run(ws, invocation, options, runner, state -> Progress.warningsTo(message -> {
                synchronized (warnings) {
                    warnings.add(message);
                }
            }), hooks));
            return running;
        }
    }

    /** A run under way. */
    public final class Running {
        public final String runId;
        private final CompletableFuture<Consumer<String>> onStop = new CompletableFuture<>();
        private CompletableFuture<RunSession.Result> result;

        Running(String runId) {
            this.runId = runId;
        }

        /** Asks the run to stop, as SIGINT would. */
        public void interrupt(String signal) {
            try {
                onStop.get(30, TimeUnit.SECONDS).accept(signal);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError("the run never got as far as listening for stop requests", e);
            }
        }

        /** Waits for the run to end (failing after a generous bound) and returns how it ended. */
        public RunSession.Result end() {
            try {
                return result.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the run did not end; launched: " + runner.jobs() + "\n" + state());
                throw new AssertionError(e);
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
        }

        /** The run's state.json as a tree. */
        public JsonNode state() {
            return fixture.runState(runId);
        }
    }

    /** Warnings the runs gave (took over a lock, could not remove one, …). */
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** The journal record of {@code step[exp]} as a tree, or null when there is none. */
    public JsonNode journal(String step, String exp) {
        Path p = root.resolve(".morph/journal/exp/" + step + "/" + exp + ".json");
        try {
            return Files.exists(p) ? RunFixture.JSON.readTree(Files.readString(p, StandardCharsets.UTF_8)) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
