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
 * error exit is not timed further. Output goes to {@code logs/NAME.out|.err} (the last execution's).
 */
public final class Timer {
    private final Path logs;
    private final PrintStream progress;

    public Timer(Path logs, PrintStream progress) {
        this.logs = logs;
        this.progress = progress;
    }

    public List<Timing> measure(List<TimedCommand> commands, int reps) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Map<TimedCommand, List<Double>> seconds = new LinkedHashMap<>();
        Map<TimedCommand, Outcome> outcomes = new LinkedHashMap<>();
        for (TimedCommand c : commands) {
            progress.print("  warm-up  " + c.name() + " … ");
            Execution e = execute(c);
            outcomes.put(c, e.outcome());
            progress.printf("%.3f s%s%n", e.seconds(), e.outcome().isOk() ? "" : "  ** " + e.outcome().problem());
            seconds.put(c, new ArrayList<>());
        }
        for (int rep = 1; rep <= reps; rep++) {
            progress.print("  rep " + rep + "/" + reps + ":");
            for (TimedCommand c : commands) {
                if (outcomes.get(c).jobs() == null && !outcomes.get(c).isOk()) {
                    continue; // it failed outright: its times would mean nothing
                }
                Execution e = execute(c);
                seconds.get(c).add(e.seconds());
                if (!e.outcome().isOk() && outcomes.get(c).isOk()) {
                    outcomes.put(c, e.outcome());
                }
                progress.printf("  %s %.3f", c.name(), e.seconds());
            }
            progress.println();
        }
        List<Timing> out = new ArrayList<>();
        for (TimedCommand c : commands) {
            out.add(new Timing(c.name(), c.commandLine(), seconds.get(c), outcomes.get(c)));
        }
        return out;
    }

    /** One execution, its wall time (process start to exit) and what it answered. */
    record Execution(double seconds, Outcome outcome) {
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
        long start = System.nanoTime();
        Process p = pb.start();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Outcome o = c.check().read(exit, out, err);
        return new Execution(seconds, o);
    }
}
