package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Waiting on evidence instead of time, for the process tests: poll a condition on the file system (pid
 * files, event lines, a run's state.json) with a generous bound that fails the test, never a fixed sleep.
 * Also reads pid files, tells whether a pid is gone, and kills leftover job processes by their pids.
 */
public final class Evidence {
    /** Upper bound for things that normally happen within a second or two. */
    public static final int PATIENCE_SECONDS = 60;

    private Evidence() {
    }

    /** Polls {@code condition} until it holds; fails with {@code what} (and {@code detail}) after {@code seconds}. */
    public static void await(String what, int seconds, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + "s waiting for " + what + (detail == null ? "" : "\n" + detail.get()));
            }
            pause();
        }
    }

    public static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
        await(what, PATIENCE_SECONDS, condition, detail);
    }

    /** One poll interval: how often evidence is looked at, not how long anything is expected to take. */
    public static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for a process to exit; fails (and kills it) if it has not after {@code seconds}. */
    public static int exitCode(Process p, int seconds, Supplier<String> detail) {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("morph (pid " + p.pid() + ") did not exit within " + seconds + "s\n" + detail.get());
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return p.exitValue();
    }

    /** The pid in a file a job wrote with {@code echo $$ > file}, once the file holds a whole number. */
    public static Optional<Long> pidIn(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            if (!s.endsWith("\n")) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(s.trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Waits until {@code file} holds a pid, and returns it. */
    public static long awaitPid(Path file) {
        await("a pid in " + file, () -> pidIn(file).isPresent(), null);
        return pidIn(file).orElseThrow();
    }

    /** Every pid in the files of {@code dir} (non-recursive); files still being written are skipped. */
    public static Map<String, Long> pids(Path dir) {
        Map<String, Long> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> pidIn(f).ifPresent(p -> out.put(f.getFileName().toString(), p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Whether the process is gone: no such process, or a zombie (dead, only not yet reaped by a parent
     * that is not ours).
     */
    public static boolean gone(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.exists(Path.of("/proc/self/stat"))) {
            try {
                String s = Files.readString(stat);
                int close = s.lastIndexOf(')');
                return close < 0 || s.length() < close + 3 || s.charAt(close + 2) == 'Z' || s.charAt(close + 2) == 'X';
            } catch (IOException e) {
                return true;
            }
        }
        return !RunFixture.alive(pid);
    }

    /** The pids (by label) that are still alive. */
    public static Map<String, Long> alive(Map<String, Long> pids) {
        Map<String, Long> out = new HashMap<>();
        pids.forEach((label, pid) -> {
            if (!gone(pid)) {
                out.put(label, pid);
            }
        });
        return out;
    }

    /** SIGKILLs every listed process that is still alive (leftovers of a test; the pids are ones our jobs wrote). */
    public static void killLeftovers(Map<String, Long> pids) {
        for (long pid : pids.values()) {
            if (!gone(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The text of a file, or "" when it does not exist. */
    public static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry of {@code job} in a state.json tree, if present. */
    public static Optional<JsonNode> jobEntry(JsonNode state, String job) {
        if (state == null || state.get("jobs") == null) {
            return Optional.empty();
        }
        for (JsonNode j : state.get("jobs")) {
            if (job.equals(j.path("id").asText())) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code job} is in a state.json tree with the given status. */
    public static boolean jobHasStatus(JsonNode state, String job, String status) {
        return jobEntry(state, job).map(j -> j.path("status").asText().equals(status)).orElse(false);
    }

    /** The temp files (names holding {@code .tmp-}) anywhere under {@code dir}: none may be left behind. */
    public static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    /** A run's state.json, or null if it does not exist yet or cannot be read right now. */
    public static JsonNode stateOrNull(Path root, String runId) {
        Path file = root.resolve(".morph/runs/" + runId + "/state.json");
        try {
            return RunFixture.JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    /** How many lines are {@code line} itself or {@code line} followed by a space and more words. */
    public static long count(List<String> lines, String line) {
        return lines.stream().filter(l -> l.equals(line) || l.startsWith(line + " ")).count();
    }

    /**
     * Overlaps of one job with itself in "start JOB PID" / "end JOB PID" lines: a start while another
     * instance of the same job has started and not ended. Returns a description of each overlap.
     */
    public static List<String> selfOverlaps(List<String> events) {
        Map<String, Set<String>> open = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String e : events) {
            String[] w = e.split(" ");
            if (w.length < 3) {
                continue;
            }
            Set<String> running = open.computeIfAbsent(w[1], k -> new HashSet<>());
            if (w[0].equals("start")) {
                if (!running.isEmpty()) {
                    out.add(w[1] + " started (pid " + w[2] + ") while pid(s) " + running + " of the same job had not ended");
                }
                running.add(w[2]);
            } else if (w[0].equals("end")) {
                running.remove(w[2]);
            }
        }
        return out;
    }
}
