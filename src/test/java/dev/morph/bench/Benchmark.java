package dev.morph.bench;

import dev.morph.pipeline.load.PipelineLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The performance benchmark of issue 5, run by {@code src/bench/run.sh} (never by {@code mvn test}):
 * for each size a generated MorphSeq-shaped root timed with the stat floor, morph and its peers; the JVM
 * floor and morph on the demo root; the per-job cost of runs; and the planner alone on an in-memory file
 * system. Prints a table and writes it, as CSV and JSON, to {@code --out}. Exit 1 when any tool's answer
 * was wrong or it failed — a time for a wrong answer is no result.
 */
@Command(name = "run.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times morph against the find stat floor, ninja, make and snakemake on generated MorphSeq-shaped data roots.")
public final class Benchmark implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "NxF", description = "Experiments x files per directory artifact (default: 100x100,1000x100).")
    List<String> sizes = List.of("100x100", "1000x100");

    @Option(names = "--reps", paramLabel = "N", description = "Timed runs of each command after one warm-up; the median is reported (default: 5).")
    int reps = 5;

    @Option(names = "--jvm-reps", paramLabel = "N", description = "Timed runs of java -version and of status and plan on the demo root "
            + "(default: 21): each takes a tenth of a second, where a busy neighbour moves a median of 5 by a tenth of the ratio.")
    int jvmReps = 21;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results, logs and peer build files go (default: target/bench).")
    Path out = Path.of("target/bench");

    @Option(names = "--roots", paramLabel = "DIR", description = "Where generated roots are kept and reused (default: OUT/roots).")
    Path roots;

    @Option(names = "--stage", paramLabel = "STEP", description = "Build the roots up to and including this step (default: the last step).")
    String stage;

    @Option(names = "--tools", split = ",", paramLabel = "TOOL", description = "Of find,status,plan,ninja,make,snakemake (default: all).")
    List<String> tools = DryRunBench.TOOLS;

    @Option(names = "--morph", paramLabel = "FILE", description = "The morph executable (default: target/morph).")
    Path morph = Path.of("target/morph");

    @Option(names = "--pipeline", paramLabel = "FILE", description = "The pipeline of the generated roots (default: "
            + "src/bench/morphseq.yaml, pipelines/morphseq-cohort.yaml with its params inside the root).")
    Path pipeline = Path.of("src/bench/morphseq.yaml");

    @Option(names = "--java-options", paramLabel = "OPTS", description = "JDK_JAVA_OPTIONS for every morph command "
            + "(default: -Xmx256m, and -Xmx512m on roots of over 2,000,000 files).")
    String javaOptions;

    @Option(names = "--overhead-jobs", paramLabel = "N", description = "Trivial jobs for morph run -j2 vs make -j2; 0 skips (default: 2000).")
    int overheadJobs = 2000;

    @Option(names = "--planner-sizes", split = ",", paramLabel = "N", description = "Experiment counts of the planner-only measurement; 0 skips (default: 1000,3000,10000).")
    List<Integer> plannerSizes = List.of(1000, 3000, 10000);

    @Option(names = "--planner-files", paramLabel = "F", description = "Files per directory artifact of the planner-only roots (default: 2).")
    int plannerFiles = 2;

    @Option(names = "--no-jvm", description = "Skip the JVM floor and the demo root.")
    boolean noJvm;

    @Option(names = "--only", split = ",", paramLabel = "PART", description = "Run only these parts, of jvm,overhead,sizes,planner,netfs "
            + "(default: all that their options ask for); e.g. --only jvm for the JVM floor and the demo root alone.")
    List<String> only;

    /** The parts of a benchmark run, in the order they run. */
    static final List<String> PARTS = List.of("jvm", "overhead", "sizes", "netfs", "planner");

    @Option(names = "--netfs", split = ",", paramLabel = "LATENCY_US", description = "Time the dry runs through the latency file system "
            + "(src/bench/netfs/, built by run.sh) at these delays per metadata call, in microseconds (e.g. 500). The other blocks then "
            + "run only if their options (--sizes, --jvm-reps, --overhead-jobs, --planner-sizes) are given.")
    List<Integer> netfs = List.of();

    @Option(names = "--netfs-sizes", split = ",", paramLabel = "NxF", description = "Roots of the netfs block (default: 20x100, 16,105 files).")
    List<String> netfsSizes = List.of("20x100");

    @Option(names = "--netfs-probe-threads", split = ",", paramLabel = "N", description = "Fixed --probe-threads of the extra morph plan "
            + "runs through netfs (default: 1,4,16,64).")
    List<Integer> netfsProbeThreads = List.of(1, 4, 16, 64);

    @Option(names = "--netfs-server-threads", paramLabel = "N", description = "Threads serving the latency file system's requests (default: 128).")
    int netfsServerThreads = 128;

    @Option(names = "--netfs-reps", paramLabel = "N", description = "Timed runs of each command through netfs after one warm-up (default: 3).")
    int netfsReps = 3;

    @Option(names = "--netfs-binary", paramLabel = "FILE", description = "The latency file system's server (default: target/bench-netfs).")
    Path netfsBinary = Path.of("target/bench-netfs");

    /** Whether --tools was given: the netfs block then times exactly those. */
    private boolean netfsToolsGiven;

    @Option(names = "--quick", description = "A smoke run in about a minute: by default --sizes 20x10 --reps 2 --jvm-reps 5 --overhead-jobs 100 "
            + "--planner-sizes 100,300 (--netfs-sizes 5x20 --netfs-reps 1 with --netfs).")
    boolean quick;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        applyPresets(spec.commandLine().getParseResult());
        if (reps < 1 || jvmReps < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--reps and --jvm-reps must be at least 1");
        }
        Set<String> chosen = new LinkedHashSet<>(tools);
        chosen.removeAll(DryRunBench.TOOLS);
        if (!chosen.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown tools " + chosen + "; choose from " + DryRunBench.TOOLS);
        }
        if (!Files.isExecutable(morph)) {
            throw new CommandLine.ParameterException(new CommandLine(this), morph + " is not an executable; build it with mvn -B -q package -DskipTests");
        }
        NetFsBench.Options netfsOptions = netfsOptions();
        PrintStream log = System.out;
        long started = System.nanoTime();
        Path rootsDir = roots != null ? roots : out.resolve("roots");
        Files.createDirectories(rootsDir);
        String java = javaCommand();
        Map<String, String> machine = MachineInfo.collect(rootsDir, java, morph);
        log.println("morph benchmark — " + String.join("; ", machine.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));

        // the small fixed costs first: after snakemake -n on 10^6 files the VM reclaims memory for minutes,
        // and a 40 ms java -version measured then says more about that than about start-up
        String smallOptions = javaOptions != null ? javaOptions : DryRunBench.defaultJavaOptions(0);
        List<Timing> jvm = noJvm ? List.of() : jvm(java, smallOptions, log);
        Optional<RunOverhead.Result> overhead = overheadJobs > 0
                ? Optional.of(RunOverhead.run(morph, smallOptions, out.resolve("overhead"), overheadJobs, reps, log)) : Optional.empty();
        var pipelineModel = PipelineLoader.load(pipeline);
        List<DryRunBench.Result> results = new ArrayList<>();
        DryRunBench.Setup setup = new DryRunBench.Setup(pipeline, morph, smallOptions, rootsDir, out, reps, new LinkedHashSet<>(tools));
        for (String s : sizes) {
            DryRunBench.Size size = DryRunBench.Size.parse(s);
            BenchGraph graph = BenchGraph.of(pipelineModel, size.experiments(), size.filesPerDir());
            int built = stage == null ? graph.stepOrder().size() : graph.stepIndex(stage) + 1;
            results.add(DryRunBench.run(setup.withJavaOptions(javaOptionsFor(graph, built)), graph, built, log));
        }
        List<NetFsBench.Result> netfsResults = new ArrayList<>();
        for (DryRunBench.Size size : netfsOptions.sizes()) {
            BenchGraph graph = BenchGraph.of(pipelineModel, size.experiments(), size.filesPerDir());
            int built = stage == null ? graph.stepOrder().size() : graph.stepIndex(stage) + 1;
            DryRunBench.Setup netfsSetup = new DryRunBench.Setup(pipeline, morph, javaOptionsFor(graph, built), rootsDir, out, netfsReps,
                    new LinkedHashSet<>(netfsTools()));
            for (int latency : netfsOptions.latenciesUs()) {
                log.printf("%n== netfs, %d µs per metadata call", latency);
                netfsResults.add(NetFsBench.run(netfsSetup, netfsOptions, graph, built, latency, log));
            }
        }
        List<Integer> plannerNs = plannerSizes.stream().filter(n -> n > 0).toList();
        Optional<PlannerOnly.Result> planner = plannerNs.isEmpty() ? Optional.empty()
                : Optional.of(PlannerOnly.run(pipeline, plannerNs, plannerFiles, reps, log));

        Map<String, Object> options = new LinkedHashMap<>();
        options.put("sizes", sizes);
        options.put("reps", reps);
        options.put("jvm_reps", jvmReps);
        options.put("stage", stage == null ? "(last step)" : stage);
        options.put("tools", tools);
        options.put("parts", only == null ? PARTS : only);
        options.put("pipeline", pipeline.toString());
        options.put("morph java options", javaOptions == null ? "default: by root size" : javaOptions);
        options.put("overhead jobs", overheadJobs);
        options.put("planner sizes", plannerNs);
        options.put("planner files per dir", plannerFiles);
        options.put("netfs latencies us", netfsOptions.latenciesUs());
        options.put("netfs sizes", netfsOptions.sizes().stream().map(DryRunBench.Size::label).toList());
        options.put("netfs probe threads", netfsOptions.probeThreads());
        options.put("netfs server threads", netfsOptions.serverThreads());
        options.put("netfs reps", netfsOptions.reps());
        options.put("netfs tools", netfsTools());
        Report.Results all = new Report.Results(machine, options, results, netfsResults, jvm, overhead, planner);
        Report.write(all, out);
        log.println();
        log.print(Report.table(all));
        log.println("\nwritten: " + Arrays.asList("table.txt", "results.csv", "planner.csv", "results.json").stream()
                .map(f -> out.resolve(f).toString()).toList());
        log.printf("took %.1f minutes%n", (System.nanoTime() - started) / 60e9);
        return Report.problems(all).isEmpty() ? 0 : 1;
    }

    /**
     * {@code --quick}'s small defaults, {@code --only}'s parts, and with {@code --netfs} no local block unless
     * its option is given: options given explicitly always win.
     */
    void applyPresets(CommandLine.ParseResult given) {
        if (quick) {
            sizes = given.hasMatchedOption("--sizes") ? sizes : List.of("20x10");
            reps = given.hasMatchedOption("--reps") ? reps : 2;
            jvmReps = given.hasMatchedOption("--jvm-reps") ? jvmReps : 5;
            overheadJobs = given.hasMatchedOption("--overhead-jobs") ? overheadJobs : 100;
            plannerSizes = given.hasMatchedOption("--planner-sizes") ? plannerSizes : List.of(100, 300);
            netfsSizes = given.hasMatchedOption("--netfs-sizes") ? netfsSizes : List.of("5x20");
            netfsReps = given.hasMatchedOption("--netfs-reps") ? netfsReps : 1;
        }
        if (only != null) {
            Set<String> unknown = new LinkedHashSet<>(only);
            unknown.removeAll(PARTS);
            if (!unknown.isEmpty()) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown parts " + unknown + "; choose from " + PARTS);
            }
            noJvm = noJvm || !only.contains("jvm");
            overheadJobs = only.contains("overhead") ? overheadJobs : 0;
            sizes = only.contains("sizes") ? sizes : List.of();
            netfs = only.contains("netfs") ? netfs : List.of();
            plannerSizes = only.contains("planner") ? plannerSizes : List.of();
        }
        if (!netfs.isEmpty()) {
            sizes = given.hasMatchedOption("--sizes") ? sizes : List.of();
            noJvm = noJvm || !given.hasMatchedOption("--jvm-reps");
            overheadJobs = given.hasMatchedOption("--overhead-jobs") ? overheadJobs : 0;
            plannerSizes = given.hasMatchedOption("--planner-sizes") ? plannerSizes : List.of();
            netfsToolsGiven = given.hasMatchedOption("--tools");
        }
    }

    /** The tools timed through netfs: {@code --tools} if given, else all but snakemake (hours through a slow file system). */
    List<String> netfsTools() {
        return netfsToolsGiven ? tools : tools.stream().filter(t -> !t.equals("snakemake")).toList();
    }

    NetFsBench.Options netfsOptions() {
        try {
            return new NetFsBench.Options(netfs, netfs.isEmpty() ? List.of() : netfsSizes.stream().map(DryRunBench.Size::parse).toList(),
                    netfsProbeThreads, netfsServerThreads, netfsReps, netfsBinary);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    /** {@code --java-options}, else the heap limit of this root's size. */
    String javaOptionsFor(BenchGraph graph, int builtSteps) {
        return javaOptions != null ? javaOptions : DryRunBench.defaultJavaOptions(graph.fileCount(builtSteps));
    }

    /** {@code java -version}, and morph status and plan on a fresh copy of the demo root. */
    private List<Timing> jvm(String java, String javaOptions, PrintStream log) throws Exception {
        log.printf("%n== JVM floor and the demo root%n");
        Path demo = out.resolve("demo-root").toAbsolutePath();
        if (Files.exists(demo)) {
            new ProcessBuilder("rm", "-rf", "--", demo.toString()).inheritIO().start().waitFor();
        }
        int made = new ProcessBuilder("sh", "testdata/make-demo-root.sh", demo.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (made != 0) {
            throw new IllegalStateException("testdata/make-demo-root.sh failed (run the benchmark from the repository's top directory)");
        }
        Path cwd = Path.of("").toAbsolutePath();
        List<String> onDemo = List.of(morph.toAbsolutePath().toString(), "-p", Path.of("testdata/morph.yaml").toAbsolutePath().toString(),
                "-r", demo.toString(), "--no-color");
        List<TimedCommand> commands = List.of(
                TimedCommand.of("java -version", List.of(java, "-version"), cwd, Outcome.exitZero()),
                TimedCommand.of("morph status (demo)", concat(onDemo, "status"), cwd, Outcome.answered(Outcome.morphStatus(-1)))
                        .withJavaOptions(javaOptions),
                TimedCommand.of("morph plan (demo)", concat(onDemo, "plan", "e2e", "--dry-run"), cwd, Outcome.answered(Outcome::morphPlan))
                        .withJavaOptions(javaOptions));
        return new Timer(out.resolve("logs").resolve("jvm"), log).measure(commands, jvmReps);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /** The java that morph's launcher runs: {@code $JAVA_HOME/bin/java} if there, else {@code java}. */
    private static String javaCommand() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
    }
}
