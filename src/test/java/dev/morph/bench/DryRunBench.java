package dev.morph.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One size of the dry-run benchmark: a generated MorphSeq-shaped root, its Makefile, build.ninja and
 * Snakefile, and the timed answers to "what would run" — the {@code find} stat floor, {@code morph status},
 * {@code morph plan e2e --dry-run}, {@code ninja -n}, {@code make -n}, {@code snakemake -n} — each
 * checked against the job count the generator's own graph expects.
 */
public final class DryRunBench {
    /** The tools by the names {@code --tools} takes, in table order. */
    public static final List<String> TOOLS = List.of("find", "status", "plan", "ninja", "make", "snakemake");

    /** A size as {@code --sizes} gives it: experiments × files per directory artifact. */
    public record Size(int experiments, int filesPerDir) {
        public static Size parse(String text) {
            String[] p = text.strip().split("x");
            if (p.length != 2) {
                throw new IllegalArgumentException("size '" + text + "' is not EXPERIMENTSxFILES, e.g. 1000x100");
            }
            return new Size(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }

        public String label() {
            return experiments + "x" + filesPerDir;
        }
    }

    /** What one size measured. */
    public record Result(Size size, String stage, long files, int jobs, long expectedToRun, double generateSeconds,
                         boolean reused, double peersSeconds, String rootFs, List<Timing> timings) {
    }

    /** Where and how to run: the pipeline, morph, the JVM options for morph, where roots and logs go. */
    public record Setup(Path pipeline, Path morph, String javaOptions, Path roots, Path out, int reps, Set<String> tools) {
    }

    private DryRunBench() {
    }

    public static Result run(Setup setup, BenchGraph graph, int builtSteps, PrintStream log) throws IOException, InterruptedException {
        Size size = new Size(graph.experiments().size(), graph.filesPerDir());
        String stage = graph.stepOrder().get(builtSteps - 1).name();
        String name = graph.pipeline().name() + "-" + size.label() + "-upto-" + stage;
        log.printf("%n== %s: %d experiments, %d files per directory artifact, built up to %s, one raw file touched%n",
                size.label(), size.experiments(), size.filesPerDir(), stage);
        RootCache.Prepared root = RootCache.prepare(setup.roots(), name, graph, builtSteps, true);
        log.printf("  root %s: %s (%,d files, written in %.1f s)%n", root.root(), root.reused() ? "reused" : "generated",
                root.generated().files(), root.generateSeconds());
        long onDisk = countFiles(root.root());
        if (onDisk != root.generated().files()) {
            throw new IOException("the root " + root.root() + " holds " + onDisk + " files, not the " + root.generated().files()
                    + " generated; delete it and its .manifest to generate it again");
        }
        long expected = Staleness.toRun(Staleness.decide(graph, root.generated().times())).size();
        log.printf("  %d jobs, %d expected to run (touched %s)%n", graph.jobs().size(), expected, root.generated().touchedFile());

        Path peers = setup.out().resolve("peers").resolve(size.label()).toAbsolutePath();
        Files.createDirectories(peers.resolve("snakemake-workdir"));
        long start = System.nanoTime();
        MakefileWriter.write(graph, peers.resolve("Makefile"), MakefileWriter.Recipe.LABEL);
        NinjaWriter.write(graph, peers.resolve("build.ninja"));
        SnakefileWriter.write(graph, peers.resolve("Snakefile"));
        double peersSeconds = (System.nanoTime() - start) / 1e9;
        log.printf("  Makefile, build.ninja, Snakefile written in %.1f s to %s (Snakefile: %s)%n", peersSeconds, peers,
                SnakefileWriter.DIRECTORIES);

        List<TimedCommand> commands = commands(setup, graph, root.root(), peers, expected, log);
        Timer timer = new Timer(setup.out().resolve("logs").resolve(size.label()), log);
        List<Timing> timings = timer.measure(commands, setup.reps());
        String fs = MachineInfo.fileSystem(root.root());
        return new Result(size, stage, root.generated().files(), graph.jobs().size(), expected, root.generateSeconds(),
                root.reused(), peersSeconds, fs, timings);
    }

    private static List<TimedCommand> commands(Setup setup, BenchGraph graph, Path root, Path peers, long expected, PrintStream log) {
        String r = root.toAbsolutePath().toString();
        Path cwd = Path.of("").toAbsolutePath();
        List<String> morph = List.of(setup.morph().toAbsolutePath().toString(), "-p", setup.pipeline().toAbsolutePath().toString(),
                "-r", r, "--no-color");
        List<TimedCommand> all = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!setup.tools().contains(tool)) {
                continue;
            }
            String program = switch (tool) {
                case "status", "plan" -> null;
                default -> tool;
            };
            if (program != null && !MachineInfo.onPath(program)) {
                log.println("  note: " + program + " is not installed; skipping it"
                        + (program.equals("snakemake") ? " (apt-get install snakemake)" : ""));
                continue;
            }
            all.add(switch (tool) {
                case "find" -> TimedCommand.of("find", List.of("find", r, "-printf", "%T@\\n"), cwd, Outcome.exitZero())
                        .discardingOutput();
                case "status" -> TimedCommand.of("morph status", concat(morph, "status"), cwd,
                        Outcome.jobs(expected, Outcome.morphStatus(graph.experiments().size()))).withJavaOptions(setup.javaOptions());
                case "plan" -> TimedCommand.of("morph plan", concat(morph, "plan", "e2e", "--dry-run"), cwd,
                        Outcome.jobs(expected, Outcome::morphPlan)).withJavaOptions(setup.javaOptions());
                case "ninja" -> TimedCommand.of("ninja -n", List.of("ninja", "-n", "-f", peers.resolve("build.ninja").toString(),
                        "-C", r), cwd, Outcome.jobs(expected, Outcome::ninjaDryRun));
                case "make" -> TimedCommand.of("make -n", List.of("make", "-n", "--no-print-directory", "-f",
                        peers.resolve("Makefile").toString(), "-C", r), cwd, Outcome.jobs(expected, Outcome::makeDryRun));
                case "snakemake" -> TimedCommand.of("snakemake -n", List.of("snakemake", "-n", "-s", peers.resolve("Snakefile").toString(),
                        "-d", peers.resolve("snakemake-workdir").toString(), "--config", "root=" + r, "--rerun-triggers", "mtime",
                        "-c1"), cwd, Outcome.jobs(expected, Outcome::snakemakeDryRun));
                default -> throw new IllegalArgumentException("unknown tool " + tool);
            });
        }
        return all;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /** Regular files under the root, counted by find (untimed): a reused root must still be what was generated. */
    static long countFiles(Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("find", root.toString(), "-type", "f", "-printf", "x").redirectErrorStream(false).start();
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (var in = p.getInputStream()) {
            for (int k; (k = in.read(buf)) > 0; ) {
                n += k;
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("find " + root + " failed");
        }
        return n;
    }
}
