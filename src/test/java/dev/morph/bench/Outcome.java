package dev.morph.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a timed command answered: how many jobs it would run (null when the command does not say), or
 * the problem that makes its time worthless — a wrong count, an error exit, output that does not read as
 * an answer. Each tool has its own reader of its output.
 */
public record Outcome(Long jobs, String problem) {
    /** Reads one execution: exit status and the files holding stdout and stderr. */
    @FunctionalInterface
    public interface Check {
        Outcome read(int exit, Path stdout, Path stderr) throws IOException;
    }

    public static Outcome ok(Long jobs) {
        return new Outcome(jobs, null);
    }

    public static Outcome failed(String problem) {
        return new Outcome(null, problem);
    }

    public boolean isOk() {
        return problem == null;
    }

    /** Exit 0 and nothing else to read. */
    public static Check exitZero() {
        return (exit, out, err) -> exit == 0 ? ok(null) : failed(exitProblem(exit, err));
    }

    /** Exit 0 and a job count, read from stdout by {@code count}, equal to {@code expected}. */
    public static Check jobs(long expected, Counter count) {
        return (exit, out, err) -> {
            if (exit != 0) {
                return failed(exitProblem(exit, err));
            }
            Long n = count.count(out);
            if (n == null) {
                return failed("no job count in its output (" + out + ")");
            }
            return n == expected ? ok(n) : new Outcome(n, "MISMATCH: " + n + " jobs to run, expected " + expected);
        };
    }

    /** Exit 0 and a job count in the output, whatever it is (no expected answer is known). */
    public static Check answered(Counter count) {
        return (exit, out, err) -> {
            if (exit != 0) {
                return failed(exitProblem(exit, err));
            }
            Long n = count.count(out);
            return n == null ? failed("no job count in its output (" + out + ")") : ok(n);
        };
    }

    /**
     * {@code check}, and the JVM's note that it picked {@code JDK_JAVA_OPTIONS} up: without it the heap
     * limit was not applied and a result "within 256 MB" would mean nothing.
     */
    public static Check withJavaOptions(Check check) {
        return (exit, out, err) -> {
            Outcome o = check.read(exit, out, err);
            boolean applied = Files.exists(err) && lines(err).stream().anyMatch(l -> l.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS"));
            return applied || !o.isOk() ? o : new Outcome(o.jobs(), "JDK_JAVA_OPTIONS was not picked up: no heap limit");
        };
    }

    /** Reads a job count from a command's stdout; null when the output does not say. */
    @FunctionalInterface
    public interface Counter {
        Long count(Path stdout) throws IOException;
    }

    /** {@code make -n}: one printed recipe line per job; "Nothing to be done" is zero. */
    public static Long makeDryRun(Path stdout) throws IOException {
        return countLines(stdout, l -> l.startsWith(MakefileWriter.LABEL), l -> l.contains("Nothing to be done"));
    }

    /** {@code ninja -n}: one {@code [k/n]} line per job; "no work to do" is zero. */
    public static Long ninjaDryRun(Path stdout) throws IOException {
        return countLines(stdout, l -> l.matches("\\[\\d+/\\d+\\] .*"), l -> l.contains("no work to do"));
    }

    private static final Pattern STATS_ROW = Pattern.compile("^(\\S+)\\s+(\\d+)(\\s+\\d+\\s+\\d+)?\\s*$");

    /** {@code snakemake -n}: the "Job stats" table's rows, less the {@code all} rule; "Nothing to be done" is zero. */
    public static Long snakemakeDryRun(Path stdout) throws IOException {
        List<String> lines = lines(stdout);
        if (lines.stream().anyMatch(l -> l.startsWith("Nothing to be done"))) {
            return 0L;
        }
        int start = lines.indexOf("Job stats:");
        if (start < 0) {
            return null;
        }
        long total = 0;
        for (String l : lines.subList(start + 1, lines.size())) {
            Matcher m = STATS_ROW.matcher(l);
            if (l.isBlank()) {
                break;
            }
            if (m.matches() && !m.group(1).equals("all") && !m.group(1).equals("total") && !m.group(1).equals("job")) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }

    private static final Pattern PLAN_COUNT = Pattern.compile("^(\\d+) jobs? to run\\b.*");

    /** {@code morph plan}: its closing count line, "N jobs to run, …" or "Nothing to do, …". */
    public static Long morphPlan(Path stdout) throws IOException {
        List<String> lines = lines(stdout);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            Matcher m = PLAN_COUNT.matcher(l);
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
            if (l.startsWith("Nothing to do")) {
                return 0L;
            }
        }
        return null;
    }

    /**
     * {@code morph status}: the per-step table's STALE and MISSING counts plus the global steps whose state
     * is stale or missing; null when the tables are not there. Also checks the header's experiment count
     * (unless it is negative).
     */
    public static Counter morphStatus(int experiments) {
        return stdout -> {
            List<String> lines = lines(stdout);
            if (lines.isEmpty() || experiments >= 0
                    && !lines.get(0).endsWith(" " + experiments + (experiments == 1 ? " experiment" : " experiments"))) {
                return null;
            }
            long total = 0;
            boolean sawSteps = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("STEP ")) {
                    sawSteps = true;
                    List<String> columns = List.of(l.strip().split("\\s{2,}"));
                    for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("Bottleneck")
                            && !lines.get(j).startsWith("Every "); j++) {
                        String[] cells = lines.get(j).strip().split("\\s{2,}");
                        for (int c = 1; c < cells.length && c < columns.size(); c++) {
                            if (columns.get(c).equals("STALE") || columns.get(c).equals("MISSING")) {
                                total += Long.parseLong(cells[c].split(" ")[0]);
                            }
                        }
                    }
                } else if (l.startsWith("GLOBAL STEP")) {
                    for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
                        String[] cells = lines.get(j).split("\\s{2,}");
                        if (!lines.get(j).startsWith(" ") && cells.length > 1
                                && (cells[1].strip().equals("stale") || cells[1].strip().equals("missing"))) {
                            total++;
                        }
                    }
                }
            }
            return sawSteps ? total : null;
        };
    }

    private static Long countLines(Path stdout, java.util.function.Predicate<String> job,
                                   java.util.function.Predicate<String> nothing) throws IOException {
        long n = 0;
        boolean sawNothing = false;
        try (Stream<String> s = Files.lines(stdout)) {
            for (String l : (Iterable<String>) s::iterator) {
                if (job.test(l)) {
                    n++;
                } else if (nothing.test(l)) {
                    sawNothing = true;
                }
            }
        }
        return n > 0 || sawNothing ? n : null;
    }

    static List<String> lines(Path file) throws IOException {
        try {
            return new ArrayList<>(Files.readAllLines(file));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The exit status with the last lines of stderr, where an OutOfMemoryError or usage error shows. */
    static String exitProblem(int exit, Path stderr) throws IOException {
        List<String> err = Files.exists(stderr) ? lines(stderr) : List.of();
        boolean oom = err.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        List<String> tail = err.stream().filter(l -> !l.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS")).toList();
        tail = tail.subList(Math.max(0, tail.size() - 3), tail.size());
        return (oom ? "OUT OF MEMORY, " : "") + "exit " + exit + (tail.isEmpty() ? "" : ": " + String.join(" | ", tail));
    }
}
