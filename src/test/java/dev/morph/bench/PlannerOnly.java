package dev.morph.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.app.Experiments;
import dev.morph.app.Invocation;
import dev.morph.discover.Workspace;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.load.PipelineLoader;
import dev.morph.plan.JobHistory;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The planner alone, in this JVM, over a generated root on an in-memory file system (Jimfs): what
 * {@code morph status} does after the JVM has started and before it prints — load the pipeline, discover
 * the experiments, probe every artifact and decide every job — at several experiment counts, to show
 * that its cost grows linearly with jobs and files (jobs planned per second stays flat).
 */
public final class PlannerOnly {
    /** One experiment count: its jobs, files, the times of discover + plan, and how many jobs it said run. */
    public record Point(int experiments, int jobs, long files, long toRun, Timing timing) {
        public double jobsPerSecond() {
            return jobs / timing.median();
        }

        public double microsPerJob() {
            return timing.median() * 1e6 / jobs;
        }

        public double filesPerSecond() {
            return files / timing.median();
        }
    }

    public record Result(int filesPerDir, List<Point> points) {
    }

    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final int MAX_WARM_UPS = 50;

    private PlannerOnly() {
    }

    public static Result run(Path pipelineFile, List<Integer> sizes, int filesPerDir, int reps, PrintStream log) throws IOException {
        log.printf("%n== planner only: in-process on Jimfs, %d files per directory artifact, experiments %s%n", filesPerDir, sizes);
        Pipeline pipeline = PipelineLoader.load(pipelineFile);
        List<Point> points = new ArrayList<>();
        for (int n : sizes) {
            try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
                Path root = fs.getPath("/data");
                BenchGraph graph = BenchGraph.of(pipeline, n, filesPerDir);
                int steps = graph.stepOrder().size();
                RootGenerator.Generated g = RootGenerator.generate(graph, root, steps, true);
                long expected = Staleness.toRun(Staleness.decide(graph, g.times())).size();
                List<Double> seconds = new ArrayList<>();
                Outcome outcome = null;
                long warmUntil = System.nanoTime() + WARM_UP_NANOS;
                int warmUps = 0;
                for (int rep = 0; rep < reps; ) {
                    System.gc();
                    long start = System.nanoTime();
                    Workspace ws = Workspace.open(pipelineFile, Optional.of(root));
                    Plan plan = Invocation.status(Experiments.ALL).plan(ws, JobHistory.NONE);
                    long end = System.nanoTime();
                    long toRun = plan.count(JobState.STALE);
                    // warm the JIT up first, or the smallest size pays for compiling and the cost looks sublinear
                    if (warmUps > 0 && end >= warmUntil || warmUps >= MAX_WARM_UPS) {
                        seconds.add((end - start) / 1e9);
                        rep++;
                    } else {
                        warmUps++;
                    }
                    if (plan.jobs().size() != graph.jobs().size() || toRun != expected) {
                        outcome = new Outcome(toRun, "MISMATCH: " + plan.jobs().size() + " jobs, " + toRun + " to run; expected "
                                + graph.jobs().size() + ", " + expected);
                    } else if (outcome == null) {
                        outcome = Outcome.ok(toRun);
                    }
                }
                Timing t = new Timing("planner " + n, "Workspace.open + plan (in-process, Jimfs)", seconds, outcome);
                Point p = new Point(n, graph.jobs().size(), g.files(), outcome.jobs(), t);
                points.add(p);
                log.printf("  %,d experiments: %,d jobs, %,d files: median %.3f s, %,.0f jobs/s, %.1f µs/job%s%n", n, p.jobs(),
                        p.files(), t.median(), p.jobsPerSecond(), p.microsPerJob(), outcome.isOk() ? "" : "  ** " + outcome.problem());
            }
        }
        return new Result(filesPerDir, points);
    }
}
