package dev.morph.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The network-file-system block (issue 17): a generated root mounted through the latency file system
 * ({@link NetFs}), where every metadata call costs {@code latencyUs} and nothing is cached, and the dry-run
 * tools timed through it — the {@code find} stat floor, {@code morph status} and {@code morph plan} (by
 * default and with each fixed {@code --probe-threads}), {@code ninja -n}, {@code make -n} — with the calls
 * each made, counted by the file system's server. Answers are checked as in the local block.
 */
public final class NetFsBench {
    /** The block's settings: latencies, sizes, the fixed probe-thread counts of morph plan, the server, timed runs. */
    public record Options(List<Integer> latenciesUs, List<DryRunBench.Size> sizes, List<Integer> probeThreads, int serverThreads,
                          int reps, Path binary) {
        public Options {
            latenciesUs = List.copyOf(latenciesUs);
            sizes = List.copyOf(sizes);
            probeThreads = List.copyOf(probeThreads);
            latenciesUs.forEach(l -> new NetFs.Config(binary, l, serverThreads)); // validates
            if (probeThreads.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("--netfs-probe-threads " + probeThreads + ": each must be at least 1");
            }
            if (reps < 1) {
                throw new IllegalArgumentException("--netfs-reps (" + reps + ") must be at least 1");
            }
        }
    }

    /**
     * One latency and size: the root (files, directories), jobs, the mean delay the server really slept,
     * and each command's times with the calls of each timed run.
     */
    public record Result(int latencyUs, DryRunBench.Size size, String stage, long files, long dirs, int jobs, long expectedToRun,
                         int serverThreads, double meanDelayMicros, String javaOptions, List<Timing> timings) {
        /** Names resolved and attribute reads, per file or directory below the top (the top is never looked up). */
        public double perEntry(long calls) {
            return (double) calls / (files + dirs - 1);
        }

        public double perDir(long calls) {
            return (double) calls / dirs;
        }

        public String label() {
            return latencyUs + "us " + size.label();
        }
    }

    private NetFsBench() {
    }

    public static Result run(DryRunBench.Setup setup, Options options, BenchGraph graph, int builtSteps, int latencyUs, PrintStream log)
            throws IOException, InterruptedException {
        DryRunBench.Prepared p = DryRunBench.prepare(setup, graph, builtSteps, log);
        DryRunBench.Size size = new DryRunBench.Size(graph.experiments().size(), graph.filesPerDir());
        String label = latencyUs + "us-" + size.label();
        Path logs = setup.out().resolve("logs").resolve("netfs-" + label);
        Files.createDirectories(logs);
        NetFs.Config config = new NetFs.Config(options.binary(), latencyUs, options.serverThreads());
        log.printf("  mounting it through netfs: %d µs per metadata call, %d server threads, no kernel caching%n", latencyUs,
                options.serverThreads());
        try (NetFs fs = NetFs.mount(config, p.root(), setup.out().resolve("netfs").resolve("mnt"), logs.resolve("netfs-server.log"))) {
            List<TimedCommand> commands = commands(setup, options, graph, fs.mountPoint(), p, log);
            CallCounts before = fs.counters();
            List<Timing> timings = new Timer(logs, log, () -> fs.counters().counters()).measure(commands, setup.reps());
            CallCounts all = fs.counters().minus(before);
            log.printf("  served %,d calls, %,d of them delayed (%.0f µs on average)%n", all.roundTrips(), all.get("delayed_calls"),
                    all.meanDelayMicros());
            return new Result(latencyUs, size, DryRunBench.stageName(graph, builtSteps), p.tree().files(), p.tree().dirs(),
                    graph.jobs().size(), p.expected(), options.serverThreads(), all.meanDelayMicros(), setup.javaOptions(), timings);
        }
    }

    /** The local block's commands on the mount, with morph plan also at each fixed thread count, after the default. */
    static List<TimedCommand> commands(DryRunBench.Setup setup, Options options, BenchGraph graph, Path mount,
                                       DryRunBench.Prepared p, PrintStream log) {
        List<TimedCommand> out = new ArrayList<>();
        for (TimedCommand c : DryRunBench.commands(setup, graph, mount, p.peers(), p.expected(), log)) {
            out.add(c);
            if (c.name().equals("morph plan")) {
                for (int threads : options.probeThreads()) {
                    out.add(DryRunBench.morphPlan(setup, mount, p.expected(), List.of("--probe-threads", Integer.toString(threads))));
                }
            }
        }
        return out;
    }
}
