package dev.morph.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times external commands: for each, one untimed warm-up, then {@code reps} timed executions taken in
 * turns (command 1, 2, 3, then 1, 2, 3 again…), so that a noisy neighbour slows every command alike
 * rather than one of them. Every execution's answer is checked; a command that fails its warm-up with an
 * error exit is not timed further. Output goes to {@code logs/NAME.out|.err} (the last execution's). With a
 * {@link Meter}, the calls each timed execution made are counted too (read untimed before and after it).
 */
public final class Timer {
    /** Cumulative counters of something the commands use (a file system's calls), read between executions. */
    @FunctionalInterface
    public interface Meter {
        Map<String, Long> read() throws IOException, InterruptedException;

        Meter NONE = Map::of;
    }

    private final Path logs;
    private final PrintStream progress;
    private final Meter meter;

    public Timer(Path logs, PrintStream progress) {
        this(logs, progress, Meter.NONE);
    }

    public Timer(Path logs, PrintStream progress, Meter meter) {
        this.logs = logs;
        this.progress = progress;
        this.meter = meter;
    }

    public List<Timing> measure(List<TimedCommand> commands, int reps) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Map<TimedCommand, List<Double>> seconds = new LinkedHashMap<>();
        Map<TimedCommand, List<Map<String, Long>>> calls = new LinkedHashMap<>();
        Map<TimedCommand, Outcome> outcomes = new LinkedHashMap<>();
        for (TimedCommand c : commands) {
            progress.print("  warm-up  " + c.name() + " … ");
            Execution e = execute(c);
            outcomes.put(c, e.outcome());
            progress.printf("%.3f s%s%n", e.seconds(), e.outcome().isOk() ? "" : "  ** " + e.outcome().problem());
            seconds.put(c, new ArrayList<>());
            calls.put(c, new ArrayList<>());
        }
        for (int rep = 1; rep <= reps; rep++) {
            progress.print("  rep " + rep + "/" + reps + ":");
            for (TimedCommand c : commands) {
                if (outcomes.get(c).jobs() == null && !outcomes.get(c).isOk()) {
                    continue; // it failed outright: its times would mean nothing
                }
                Execution e = execute(c);
                seconds.get(c).add(e.seconds());
                if (!e.calls().isEmpty()) {
                    calls.get(c).add(e.calls());
                }
                if (!e.outcome().isOk() && outcomes.get(c).isOk()) {
                    outcomes.put(c, e.outcome());
                }
                progress.printf("  %s %.3f", c.name(), e.seconds());
            }
            progress.println();
        }
        List<Timing> out = new ArrayList<>();
        for (TimedCommand c : commands) {
            out.add(new Timing(c.name(), c.commandLine(), seconds.get(c), outcomes.get(c), calls.get(c)));
        }
        return out;
    }

    /** One execution, its wall time (process start to exit), what it answered and the calls it made (if metered). */
    record Execution(double seconds, Outcome outcome, Map<String, Long> calls) {
    }

    Execution execute(TimedCommand c) throws IOException, InterruptedException {
        try {
            c.reset().run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("resetting for " + c.name() + " failed", e);
        }
        String file = c.name().replaceAll("[^A-Za-z0-9._-]+", "_");
        Path out = logs.resolve(file + ".out");
        Path err = logs.resolve(file + ".err");
        ProcessBuilder pb = new ProcessBuilder(c.argv()).directory(c.workdir().toFile())
                .redirectOutput(c.discardOutput() ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()))
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("MORPH_") && !k.equals("MORPH_JAVA_OPTS"));
        pb.environment().putAll(c.env());
        Map<String, Long> before = meter.read();
        long start = System.nanoTime();
        Process p = pb.start();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> after = meter.read();
        Map<String, Long> made = new LinkedHashMap<>();
        after.forEach((k, v) -> made.put(k, v - before.getOrDefault(k, 0L)));
        Outcome o = c.check().read(exit, out, err);
        return new Execution(seconds, o, made);
    }
}
