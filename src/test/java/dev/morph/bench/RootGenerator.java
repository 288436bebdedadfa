package dev.morph.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a {@link BenchGraph}'s data root on any {@code java.nio.file} root: every static input, and the
 * outputs of the first {@code builtSteps} steps in dependency order, as empty files with the mtimes of
 * {@link Timeline}; then, when asked, one raw input file of the middle experiment touched later than
 * everything, so that its chain and the cohort steps reading it are stale. Deterministic: the same graph
 * and stage always give the same files and mtimes. Experiments are written in parallel.
 */
public final class RootGenerator {
    /** What was written: the file count, the touched file (null if none) and every artifact's mtimes. */
    public record Generated(long files, String touchedFile, FileTimes times) {
    }

    private RootGenerator() {
    }

    /** The static input file that {@code touch} makes newer: the first one the middle experiment's first job reads. */
    public static String touchedFile(BenchGraph graph) {
        String exp = graph.experiments().get(graph.experiments().size() / 2).name();
        for (BenchGraph.JobNode j : graph.jobs()) {
            if (exp.equals(j.experiment())) {
                for (BenchGraph.FileSet in : j.inputs()) {
                    if (graph.producer(in) == null) {
                        return in.files().get(0);
                    }
                }
            }
        }
        return null;
    }

    /** What a root generated with these arguments holds, without writing it. */
    public static Generated plan(BenchGraph graph, int builtSteps, boolean touch) {
        Map<String, Long> mtimes = artifactTimes(graph, builtSteps);
        String touched = touch ? touchedFile(graph) : null;
        long touchedAt = Timeline.touched(graph.stepOrder().size());
        FileTimes times = artifact -> {
            Long t = mtimes.get(artifact.path());
            if (t == null) {
                return new FileTimes.Times(false, Long.MAX_VALUE, Long.MIN_VALUE);
            }
            boolean hasTouched = touched != null && artifact.files().contains(touched);
            boolean onlyTouched = hasTouched && artifact.files().size() == 1;
            return new FileTimes.Times(true, onlyTouched ? touchedAt : t, hasTouched ? touchedAt : t);
        };
        return new Generated(graph.fileCount(builtSteps), touched, times);
    }

    /** Writes the root ({@code root} must be empty or absent) and returns what it holds. */
    public static Generated generate(BenchGraph graph, Path root, int builtSteps, boolean touch) throws IOException {
        Generated plan = plan(graph, builtSteps, touch);
        Map<String, Long> mtimes = artifactTimes(graph, builtSteps);
        // each artifact is written by the unit of the first experiment that names it (or the global unit)
        Map<String, List<BenchGraph.FileSet>> units = new LinkedHashMap<>();
        Map<String, Boolean> assigned = new HashMap<>();
        for (BenchGraph.JobNode j : graph.jobs()) {
            String unit = j.experiment() == null ? "" : j.experiment();
            List<BenchGraph.FileSet> all = new ArrayList<>(j.inputs());
            all.addAll(j.outputs());
            for (BenchGraph.FileSet f : all) {
                if (mtimes.containsKey(f.path()) && assigned.putIfAbsent(f.path(), true) == null) {
                    units.computeIfAbsent(unit, u -> new ArrayList<>()).add(f);
                }
            }
        }
        Files.createDirectories(root);
        for (BenchGraph.Exp e : graph.experiments()) {
            Files.createDirectories(root.resolve(e.dir()));
        }
        long touchedAt = Timeline.touched(graph.stepOrder().size());
        Set<Path> made = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<BenchGraph.FileSet> unit : units.values()) {
                done.add(pool.submit(() -> {
                    for (BenchGraph.FileSet f : unit) {
                        long t = mtimes.get(f.path());
                        for (String file : f.files()) {
                            write(root.resolve(file), file.equals(plan.touchedFile()) ? touchedAt : t, made);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("generating " + root + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating " + root, e);
        } finally {
            pool.shutdownNow();
        }
        return plan;
    }

    /** Static inputs at {@link Timeline#input()}, built outputs at their step's time; unbuilt outputs absent. */
    private static Map<String, Long> artifactTimes(BenchGraph graph, int builtSteps) {
        Map<String, Long> mtimes = new HashMap<>();
        for (BenchGraph.JobNode j : graph.jobs()) {
            for (BenchGraph.FileSet in : j.inputs()) {
                if (graph.producer(in) == null) {
                    mtimes.put(in.path(), Timeline.input());
                }
            }
            if (j.stepIndex() < builtSteps) {
                j.outputs().forEach(o -> mtimes.put(o.path(), Timeline.output(j.stepIndex())));
            }
        }
        return mtimes;
    }

    private static void write(Path file, long seconds, Set<Path> made) {
        try {
            Path parent = file.getParent();
            if (!made.contains(parent)) {
                Files.createDirectories(parent); // idempotent, so two threads may both do it
                made.add(parent);
            }
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("generated twice: " + file + " (two artifacts share a file)", e);
            }
            FileTime t = FileTime.fromMillis(seconds * 1000);
            // both times at once: setting only the mtime costs an extra stat per file
            Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(t, t, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
