package dev.morph.exec;

import dev.morph.journal.Usage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures local jobs from {@code /proc}: every {@link #INTERVAL} it reads each watched job's process
 * tree (the process and its descendants), keeping each process's largest CPU time (user + system) and
 * the tree's largest resident memory. A sample is a lower bound: CPU a process used after the last
 * sample, and processes that lived between two samples, are not seen. Without {@code /proc} (not Linux)
 * only the wall time is measured.
 */
final class UsageSampler implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(200);
    /** USER_HZ: the unit of CPU times in /proc/PID/stat, 100 on every Linux platform morph runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private final Set<Watch> watching = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "morph-usage");
        t.setDaemon(true);
        return t;
    });

    UsageSampler() {
        timer.scheduleWithFixedDelay(() -> watching.forEach(Watch::sample), INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code launched}, whose exit carries what {@code process}'s tree used. */
    JobRunner.Launched measured(Process process, JobRunner.Launched launched) {
        Watch w = watch(process.toHandle());
        CompletableFuture<JobRunner.Exit> exit = launched.exit().thenApply(e -> e.with(w.stop()));
        return new JobRunner.Launched() {
            @Override
            public CompletableFuture<JobRunner.Exit> exit() {
                return exit;
            }

            @Override
            public void terminate(Duration grace) {
                launched.terminate(grace);
            }

            @Override
            public String handle() {
                return launched.handle();
            }
        };
    }

    /** Starts measuring the tree of {@code root}, which has just started. */
    Watch watch(ProcessHandle root) {
        Watch w = new Watch(root, System.nanoTime());
        w.sample();
        watching.add(w);
        return w;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One job's measurement. */
    final class Watch {
        private final ProcessHandle root;
        private final long startNanos;
        private final Map<Long, Long> ticks = new HashMap<>();
        private long peakBytes;
        private boolean measured;

        private Watch(ProcessHandle root, long startNanos) {
            this.root = root;
            this.startNanos = startNanos;
        }

        synchronized void sample() {
            if (!Files.isDirectory(PROC)) {
                return;
            }
            long rss = 0;
            for (long pid : tree(root)) {
                Path dir = PROC.resolve(Long.toString(pid));
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]), Math::max); // utime, stime
                    rss += residentBytes(Files.readAllLines(dir.resolve("status")));
                    measured = true;
                } catch (IOException | RuntimeException e) {
                    // the process ended between listing and reading: its last sample stands
                }
            }
            peakBytes = Math.max(peakBytes, rss);
        }

        /** Stops measuring (the job has ended) and says what it used. */
        synchronized Usage stop() {
            watching.remove(this);
            long wallMs = (System.nanoTime() - startNanos) / 1_000_000;
            if (!measured) {
                return Usage.measured(wallMs, null, null);
            }
            long cpuMs = ticks.values().stream().mapToLong(Long::longValue).sum() * 1000 / TICKS_PER_SECOND;
            return Usage.measured(wallMs, cpuMs, peakBytes);
        }
    }

    /**
     * The pids of {@code root} and its descendants, read down each process's {@code task/TID/children}
     * lists: a few files a process. {@link ProcessHandle#descendants} reads every process on the machine
     * instead, which with a sample as each job starts was a third of what a trivial job cost (2,000 jobs
     * of {@code touch}, -j2: 15.5 s → 11.1 s); it is the fallback where the kernel keeps no such lists.
     */
    static List<Long> tree(ProcessHandle root) {
        if (!Files.exists(PROC.resolve(root.pid() + "/task/" + root.pid() + "/children"))) {
            return Stream.concat(Stream.of(root), root.descendants()).map(ProcessHandle::pid).toList();
        }
        List<Long> tree = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root.pid()));
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            tree.add(pid);
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
                for (Path task : tasks) {
                    for (String child : Files.readString(task.resolve("children")).trim().split(" ")) {
                        if (!child.isEmpty()) {
                            todo.push(Long.parseLong(child));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended while being read: its children, if any, are reparented out of the tree
            }
        }
        return tree;
    }

    private static long residentBytes(List<String> status) {
        return status.stream().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
    }
}
