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

    /** What one size measured; {@code javaOptions} are morph's JVM options (its heap limit). */
    public record Result(Size size, String stage, long files, int jobs, long expectedToRun, double generateSeconds,
                         boolean reused, double peersSeconds, String rootFs, String javaOptions, List<Timing> timings) {
    }

    /** Where and how to run: the pipeline, morph, the JVM options for morph, where roots and logs go. */
    public record Setup(Path pipeline, Path morph, String javaOptions, Path roots, Path out, int reps, Set<String> tools) {
        public Setup withJavaOptions(String options) {
            return new Setup(pipeline, morph, options, roots, out, reps, tools);
        }
    }

    /** A generated root ready to be timed: what it holds, how many jobs should run, and the peers' build files. */
    record Prepared(RootCache.Prepared cache, Tree tree, long expected, Path peers, double peersSeconds) {
        Path root() {
            return cache.root();
        }
    }

    /** The regular files and directories (the top one included) of a tree. */
    record Tree(long files, long dirs) {
    }

    /** Roots of more files than this get a 512 MB heap for morph by default, smaller ones 256 MB (issue 17: 10^7 files in 512 MB). */
    static final long LARGE_ROOT_FILES = 2_000_000;

    private DryRunBench() {
    }

    /** morph's JVM options when {@code --java-options} is not given: the heap limit its root size is held to. */
    static String defaultJavaOptions(long files) {
        return files > LARGE_ROOT_FILES ? "-Xmx512m" : "-Xmx256m";
    }

    public static Result run(Setup setup, BenchGraph graph, int builtSteps, PrintStream log) throws IOException, InterruptedException {
        Size size = new Size(graph.experiments().size(), graph.filesPerDir());
        Prepared p = prepare(setup, graph, builtSteps, log);
        List<TimedCommand> commands = commands(setup, graph, p.root(), p.peers(), p.expected(), log);
        log.printf("  morph with JDK_JAVA_OPTIONS=%s%n", setup.javaOptions());
        Timer timer = new Timer(setup.out().resolve("logs").resolve(size.label()), log);
        List<Timing> timings = timer.measure(commands, setup.reps());
        String fs = MachineInfo.fileSystem(p.root());
        return new Result(size, stageName(graph, builtSteps), p.cache().generated().files(), graph.jobs().size(), p.expected(),
                p.cache().generateSeconds(), p.cache().reused(), p.peersSeconds(), fs, setup.javaOptions(), timings);
    }

    static String stageName(BenchGraph graph, int builtSteps) {
        return graph.stepOrder().get(builtSteps - 1).name();
    }

    /**
     * Generates (or reuses) the root of this size and stage, checks it holds what was generated, works out
     * how many jobs should run, and writes the build files of the peers that are timed (Makefile, build.ninja, Snakefile).
     */
    static Prepared prepare(Setup setup, BenchGraph graph, int builtSteps, PrintStream log) throws IOException, InterruptedException {
        Size size = new Size(graph.experiments().size(), graph.filesPerDir());
        String stage = stageName(graph, builtSteps);
        String name = graph.pipeline().name() + "-" + size.label() + "-upto-" + stage;
        log.printf("%n== %s: %d experiments, %d files per directory artifact, built up to %s, one raw file touched%n",
                size.label(), size.experiments(), size.filesPerDir(), stage);
        RootCache.Prepared root = RootCache.prepare(setup.roots(), name, graph, builtSteps, true);
        log.printf("  root %s: %s (%,d files, written in %.1f s)%n", root.root(), root.reused() ? "reused" : "generated",
                root.generated().files(), root.generateSeconds());
        Tree tree = count(root.root());
        if (tree.files() != root.generated().files()) {
            throw new IOException("the root " + root.root() + " holds " + tree.files() + " files, not the " + root.generated().files()
                    + " generated; delete it and its .manifest to generate it again");
        }
        long expected = Staleness.toRun(Staleness.decide(graph, root.generated().times())).size();
        log.printf("  %d jobs, %d expected to run (touched %s)%n", graph.jobs().size(), expected, root.generated().touchedFile());

        Path peers = setup.out().resolve("peers").resolve(size.label()).toAbsolutePath();
        Files.createDirectories(peers);
        long start = System.nanoTime();
        if (setup.tools().contains("make")) {
            MakefileWriter.write(graph, peers.resolve("Makefile"), MakefileWriter.Recipe.LABEL);
        }
        if (setup.tools().contains("ninja")) {
            NinjaWriter.write(graph, peers.resolve("build.ninja"));
        }
        if (setup.tools().contains("snakemake")) {
            Files.createDirectories(peers.resolve("snakemake-workdir"));
            SnakefileWriter.write(graph, peers.resolve("Snakefile"));
        }
        double peersSeconds = (System.nanoTime() - start) / 1e9;
        log.printf("  peers' build files written in %.1f s to %s%s%n", peersSeconds, peers,
                setup.tools().contains("snakemake") ? " (Snakefile: " + SnakefileWriter.DIRECTORIES + ")" : "");
        return new Prepared(root, tree, expected, peers, peersSeconds);
    }

    /** The chosen tools' commands on {@code root} (the generated root, or the same root seen through a mount). */
    static List<TimedCommand> commands(Setup setup, BenchGraph graph, Path root, Path peers, long expected, PrintStream log) {
        String r = root.toAbsolutePath().toString();
        Path cwd = Path.of("").toAbsolutePath();
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
                case "status" -> morph(setup, root, "morph status", Outcome.jobs(expected, Outcome.morphStatus(graph.experiments().size())),
                        List.of(), "status");
                case "plan" -> morphPlan(setup, root, expected, List.of());
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

    /** {@code morph [globalOptions] plan e2e --dry-run}, named after its options ({@code morph plan --probe-threads 16}). */
    static TimedCommand morphPlan(Setup setup, Path root, long expected, List<String> globalOptions) {
        String name = globalOptions.isEmpty() ? "morph plan" : "morph plan " + String.join(" ", globalOptions);
        return morph(setup, root, name, Outcome.jobs(expected, Outcome::morphPlan), globalOptions, "plan", "e2e", "--dry-run");
    }

    private static TimedCommand morph(Setup setup, Path root, String name, Outcome.Check check, List<String> globalOptions,
                                      String... command) {
        List<String> argv = new ArrayList<>(List.of(setup.morph().toAbsolutePath().toString(), "-p",
                setup.pipeline().toAbsolutePath().toString(), "-r", root.toAbsolutePath().toString(), "--no-color"));
        argv.addAll(globalOptions);
        argv.addAll(List.of(command));
        return TimedCommand.of(name, argv, Path.of("").toAbsolutePath(), check).withJavaOptions(setup.javaOptions());
    }

    /** The root's regular files and directories, counted by find (untimed): a reused root must still be what was generated. */
    static Tree count(Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("find", root.toString(), "-printf", "%y").redirectErrorStream(false).start();
        long files = 0;
        long dirs = 0;
        byte[] buf = new byte[1 << 16];
        try (var in = p.getInputStream()) {
            for (int k; (k = in.read(buf)) > 0; ) {
                for (int i = 0; i < k; i++) {
                    files += buf[i] == 'f' ? 1 : 0;
                    dirs += buf[i] == 'd' ? 1 : 0;
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("find " + root + " failed");
        }
        return new Tree(files, dirs);
    }
}
