package dev.morph.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The netfs block in the benchmark's outputs: a table per latency and size with each command's times,
 * ratios to the stat floor and the peers, its answer, and the calls it made through the file system —
 * directories listed, listing batches, names resolved, attribute reads, opens — with those per directory
 * and per entry, which show at a glance whether a tool lists each directory once and reads each file's
 * attributes once; call-count columns for {@code results.csv}; its part of {@code results.json}.
 */
final class NetFsReport {
    /** The call-count columns {@code results.csv} ends with (empty where calls were not counted). */
    static final String CSV_COLUMNS = String.join(",", CallCounts.ROUND_TRIPS.stream().map(c -> "calls_" + c).toList())
            + ",calls_round_trips,calls_varied";

    private static final String LEGEND = """
            calls: those of the last timed run (* = they differed between runs). opendir: directories listed; readdir: listing \
            batches; lookup: names resolved (every path component walked, every entry read by name); getattr: attribute reads; \
            other: readlink and statfs. /dir: opendir per directory; /entry: per file or directory below the top.
            """;

    private NetFsReport() {
    }

    static String table(NetFsBench.Result n) {
        StringBuilder s = new StringBuilder();
        String slept = Double.isNaN(n.meanDelayMicros()) ? "" : String.format(Locale.ROOT, " (%.0f µs slept on average)", n.meanDelayMicros());
        s.append(String.format(Locale.ROOT, "%nnetfs %s: %,d files in %,d directories, built up to %s, through the latency file system: "
                        + "%,d µs per metadata call%s, %d server threads, no kernel caching; %,d jobs, %,d expected to run; morph with %s%n",
                n.label(), n.files(), n.dirs(), n.stage(), n.latencyUs(), slept, n.serverThreads(), n.jobs(), n.expectedToRun(), n.javaOptions()));
        List<String> ratioTo = new ArrayList<>();
        ratioTo.add("find");
        Report.PEERS.stream().filter(p -> Report.find(n.timings(), p).filter(Timing::timed).isPresent()).forEach(ratioTo::add);
        s.append(String.format("%-30s %9s %9s %9s", "", "median s", "min s", "max s"));
        ratioTo.forEach(p -> s.append(String.format(" %8s", "x " + p.replace(" -n", ""))));
        s.append(String.format(" %6s %9s %8s %9s %9s %7s %6s %5s %6s %7s%n", "jobs", "opendir", "readdir", "lookup", "getattr", "open", "other",
                "/dir", "/entry", "(get)"));
        for (Timing t : n.timings()) {
            String label = t.name().equals("find") ? "find (stat floor)" : t.name();
            s.append(Report.row(label, t, 30));
            for (String p : ratioTo) {
                s.append(String.format(Locale.ROOT, " %8s", Report.ratio(t, Report.find(n.timings(), p))));
            }
            s.append(String.format(" %6s", t.outcome().jobs() == null ? "-" : String.format("%,d", t.outcome().jobs())));
            s.append(calls(n, t));
            s.append(t.outcome().isOk() ? "" : "  ** " + t.outcome().problem()).append("\n");
        }
        s.append(LEGEND);
        return s.toString();
    }

    private static String calls(NetFsBench.Result n, Timing t) {
        Optional<Map<String, Long>> last = t.lastCalls();
        if (last.isEmpty()) {
            return "";
        }
        Map<String, Long> c = last.get();
        boolean varied = CallCounts.ROUND_TRIPS.stream().anyMatch(t::varied);
        return String.format(Locale.ROOT, " %,9d %,8d %,9d %,9d %,7d %,6d %5.2f %6.2f %7.2f%s", c.get("opendir"), c.get("readdir"),
                c.get("lookup"), c.get("getattr"), c.get("open"), c.get("readlink") + c.get("statfs"), n.perDir(c.get("opendir")),
                n.perEntry(c.get("lookup")), n.perEntry(c.get("getattr")), varied ? " *" : "");
    }

    /** The call-count fields of a CSV row: empty when the command's calls were not counted. */
    static List<String> csvCalls(Timing t) {
        List<String> f = new ArrayList<>();
        Optional<Map<String, Long>> last = t.lastCalls();
        for (String c : CallCounts.ROUND_TRIPS) {
            f.add(last.map(m -> String.valueOf(m.get(c))).orElse(""));
        }
        f.add(last.map(m -> String.valueOf(CallCounts.ROUND_TRIPS.stream().mapToLong(m::get).sum())).orElse(""));
        f.add(last.isEmpty() ? "" : String.valueOf(CallCounts.ROUND_TRIPS.stream().anyMatch(t::varied)));
        return f;
    }

    static Map<String, Object> json(NetFsBench.Result n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency_us", n.latencyUs());
        m.put("size", n.size().label());
        m.put("experiments", n.size().experiments());
        m.put("files_per_dir", n.size().filesPerDir());
        m.put("built_up_to", n.stage());
        m.put("files", n.files());
        m.put("directories", n.dirs());
        m.put("jobs", n.jobs());
        m.put("expected_to_run", n.expectedToRun());
        m.put("server_threads", n.serverThreads());
        m.put("mean_delay_us", n.meanDelayMicros());
        m.put("morph_java_options", n.javaOptions());
        m.put("timings", n.timings().stream().map(Report::timingJson).toList());
        return m;
    }
}
