package dev.morph.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's results as a table for people (medians, min, max, ratios to the stat floor and to each
 * peer, the job counts each tool answered), and as {@code results.csv}, {@code planner.csv} and
 * {@code results.json} (with the machine and the options) for tools and for the README.
 */
public final class Report {
    /** Everything one benchmark run measured; any part may be absent (not asked for). */
    public record Results(Map<String, String> machine, Map<String, Object> options, List<DryRunBench.Result> sizes,
                          List<NetFsBench.Result> netfs, List<Timing> jvm, Optional<RunOverhead.Result> overhead,
                          Optional<PlannerOnly.Result> planner) {
    }

    static final List<String> PEERS = List.of("ninja -n", "make -n", "snakemake -n");
    /** The start-up budget (issue 12): a short command on the demo root within this many times {@code java -version}. */
    static final double JVM_TARGET = 4;

    private Report() {
    }

    public static String table(Results r) {
        StringBuilder s = new StringBuilder();
        s.append("machine: ");
        r.machine().forEach((k, v) -> s.append(k).append(" = ").append(v).append("; "));
        s.setLength(s.length() - 2);
        s.append("\n");
        for (DryRunBench.Result size : r.sizes()) {
            s.append(String.format(Locale.ROOT, "%n%s: %,d experiments x %,d files per directory artifact, built up to %s = %,d files"
                            + " (%s); %,d jobs, %,d expected to run; morph with %s%n", size.size().label(), size.size().experiments(),
                    size.size().filesPerDir(), size.stage(), size.files(), size.rootFs(), size.jobs(), size.expectedToRun(),
                    size.javaOptions()));
            List<String> ratioTo = new ArrayList<>();
            ratioTo.add("find");
            PEERS.stream().filter(p -> find(size.timings(), p).filter(Timing::timed).isPresent()).forEach(ratioTo::add);
            s.append(String.format("%-22s %9s %9s %9s", "", "median s", "min s", "max s"));
            ratioTo.forEach(p -> s.append(String.format(" %12s", "x " + p.replace(" -n", ""))));
            s.append("  jobs to run\n");
            for (Timing t : size.timings()) {
                s.append(row(t.name().equals("find") ? "find (stat floor)" : t.name(), t));
                for (String p : ratioTo) {
                    s.append(String.format(Locale.ROOT, " %12s", ratio(t, find(size.timings(), p))));
                }
                s.append("  ").append(jobs(t)).append("\n");
            }
        }
        r.netfs().forEach(n -> s.append(NetFsReport.table(n)));
        if (!r.jvm().isEmpty()) {
            s.append("\nJVM floor and the demo root\n");
            s.append(String.format("%-22s %9s %9s %9s %16s%n", "", "median s", "min s", "max s", "x java -version"));
            for (Timing t : r.jvm()) {
                s.append(row(t.name(), t)).append(String.format(" %16s", ratio(t, find(r.jvm(), "java -version"))));
                s.append(t.outcome().isOk() ? "" : "  ** " + t.outcome().problem()).append("\n");
            }
            s.append(String.format(Locale.ROOT, "target: morph status and plan on the demo root each at most %.0fx java -version%n",
                    JVM_TARGET));
        }
        r.overhead().ifPresent(o -> {
            s.append(String.format("%nRun overhead: %,d trivial jobs (touch OUT), -j2, fresh state each run%n", o.jobs()));
            s.append(String.format("%-22s %9s %9s %9s %9s%n", "", "median s", "min s", "max s", "ms/job"));
            for (Timing t : o.timings()) {
                s.append(row(t.name(), t)).append(String.format(Locale.ROOT, " %9.2f", o.msPerJob(t)));
                s.append(t.outcome().isOk() ? "" : "  ** " + t.outcome().problem()).append("\n");
            }
            if (o.timings().size() == 2 && o.timings().stream().allMatch(Timing::timed)) {
                s.append(String.format(Locale.ROOT, "morph - make: %.2f ms per job%n",
                        o.msPerJob(o.timings().get(0)) - o.msPerJob(o.timings().get(1))));
            }
        });
        r.planner().ifPresent(p -> {
            s.append(String.format("%nPlanner only (in-process, Jimfs, %d files per directory artifact): discover + plan%n", p.filesPerDir()));
            s.append(String.format("%12s %9s %10s %9s %9s %9s %11s %9s %13s%n", "experiments", "jobs", "files", "median s", "min s",
                    "max s", "jobs/s", "us/job", "files/s"));
            for (PlannerOnly.Point pt : p.points()) {
                Timing t = pt.timing();
                s.append(String.format(Locale.ROOT, "%,12d %,9d %,10d %9.3f %9.3f %9.3f %,11.0f %9.1f %,13.0f%s%n", pt.experiments(),
                        pt.jobs(), pt.files(), t.median(), t.min(), t.max(), pt.jobsPerSecond(), pt.microsPerJob(), pt.filesPerSecond(),
                        t.outcome().isOk() ? "" : "  ** " + t.outcome().problem()));
            }
            if (p.points().size() > 1) {
                PlannerOnly.Point first = p.points().get(0);
                PlannerOnly.Point last = p.points().get(p.points().size() - 1);
                s.append(String.format(Locale.ROOT, "cost per job at %,d experiments / at %,d: %.2f (1.00 = linear)%n",
                        last.experiments(), first.experiments(), last.microsPerJob() / first.microsPerJob()));
            }
        });
        List<String> problems = problems(r);
        s.append(problems.isEmpty() ? "\nEvery answer checked: each tool's job count matched the expected one.\n"
                : "\nPROBLEMS (times of these rows are not comparable):\n  " + String.join("\n  ", problems) + "\n");
        return s.toString();
    }

    /** Every failed check, named by section and command. */
    public static List<String> problems(Results r) {
        List<String> out = new ArrayList<>();
        for (DryRunBench.Result size : r.sizes()) {
            size.timings().stream().filter(t -> !t.outcome().isOk()).forEach(t -> out.add(size.size().label() + " " + t.name() + ": " + t.outcome().problem()));
        }
        for (NetFsBench.Result n : r.netfs()) {
            n.timings().stream().filter(t -> !t.outcome().isOk()).forEach(t -> out.add("netfs " + n.label() + " " + t.name() + ": " + t.outcome().problem()));
        }
        r.jvm().stream().filter(t -> !t.outcome().isOk()).forEach(t -> out.add("jvm " + t.name() + ": " + t.outcome().problem()));
        r.overhead().ifPresent(o -> o.timings().stream().filter(t -> !t.outcome().isOk())
                .forEach(t -> out.add("overhead " + t.name() + ": " + t.outcome().problem())));
        r.planner().ifPresent(p -> p.points().stream().filter(pt -> !pt.timing().outcome().isOk())
                .forEach(pt -> out.add("planner " + pt.experiments() + ": " + pt.timing().outcome().problem())));
        return out;
    }

    public static void write(Results r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("table.txt"), table(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.csv"), csv(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("planner.csv"), plannerCsv(r), StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json(r));
    }

    private static String csv(Results r) {
        StringBuilder s = new StringBuilder("section,case,tool,command,reps,median_s,min_s,max_s,ratio_find,ratio_ninja,ratio_make,"
                + "ratio_snakemake,ratio_java,expected_jobs,reported_jobs,problem," + NetFsReport.CSV_COLUMNS + "\n");
        for (DryRunBench.Result size : r.sizes()) {
            for (Timing t : size.timings()) {
                s.append(csvRow("dry-run", size.size().label(), t, size.timings(), List.of(), String.valueOf(size.expectedToRun())));
            }
        }
        for (NetFsBench.Result n : r.netfs()) {
            for (Timing t : n.timings()) {
                s.append(csvRow("netfs", n.label(), t, n.timings(), List.of(), String.valueOf(n.expectedToRun())));
            }
        }
        for (Timing t : r.jvm()) {
            s.append(csvRow("jvm", "demo", t, List.of(), r.jvm(), ""));
        }
        r.overhead().ifPresent(o -> o.timings().forEach(t -> s.append(csvRow("run-overhead", o.jobs() + " jobs", t, List.of(), List.of(),
                String.valueOf(o.jobs())))));
        return s.toString();
    }

    /** One timed command; the call-count columns are filled where its calls were counted (the netfs block). */
    private static String csvRow(String section, String kase, Timing t, List<Timing> peers, List<Timing> jvm, String expected) {
        List<String> f = new ArrayList<>(List.of(section, kase, t.name(), t.command(), String.valueOf(t.seconds().size()),
                num(t.median()), num(t.min()), num(t.max())));
        for (String p : List.of("find", "ninja -n", "make -n", "snakemake -n")) {
            f.add(ratioNumber(t, find(peers, p)));
        }
        f.add(ratioNumber(t, find(jvm, "java -version")));
        f.add(expected);
        f.add(t.outcome().jobs() == null ? "" : String.valueOf(t.outcome().jobs()));
        f.add(t.outcome().isOk() ? "" : t.outcome().problem());
        f.addAll(NetFsReport.csvCalls(t));
        return String.join(",", f.stream().map(Report::csvField).toList()) + "\n";
    }

    private static String plannerCsv(Results r) {
        StringBuilder s = new StringBuilder("experiments,files_per_dir,files,jobs,to_run,reps,median_s,min_s,max_s,jobs_per_s,us_per_job,files_per_s,problem\n");
        r.planner().ifPresent(p -> p.points().forEach(pt -> s.append(String.join(",", List.of(String.valueOf(pt.experiments()),
                String.valueOf(p.filesPerDir()), String.valueOf(pt.files()), String.valueOf(pt.jobs()), String.valueOf(pt.toRun()),
                String.valueOf(pt.timing().seconds().size()), num(pt.timing().median()), num(pt.timing().min()), num(pt.timing().max()),
                num(pt.jobsPerSecond()), num(pt.microsPerJob()), num(pt.filesPerSecond()),
                csvField(pt.timing().outcome().isOk() ? "" : pt.timing().outcome().problem())))).append("\n")));
        return s.toString();
    }

    private static Map<String, Object> json(Results r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", r.machine());
        root.put("options", r.options());
        List<Object> sizes = new ArrayList<>();
        for (DryRunBench.Result size : r.sizes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", size.size().label());
            m.put("experiments", size.size().experiments());
            m.put("files_per_dir", size.size().filesPerDir());
            m.put("built_up_to", size.stage());
            m.put("files", size.files());
            m.put("root_file_system", size.rootFs());
            m.put("jobs", size.jobs());
            m.put("expected_to_run", size.expectedToRun());
            m.put("generate_s", size.generateSeconds());
            m.put("root_reused", size.reused());
            m.put("peer_files_s", size.peersSeconds());
            m.put("morph_java_options", size.javaOptions());
            m.put("timings", size.timings().stream().map(Report::timingJson).toList());
            sizes.add(m);
        }
        root.put("dry_run", sizes);
        root.put("netfs", r.netfs().stream().map(NetFsReport::json).toList());
        root.put("jvm", r.jvm().stream().map(Report::timingJson).toList());
        r.overhead().ifPresent(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobs", o.jobs());
            m.put("timings", o.timings().stream().map(t -> {
                Map<String, Object> tj = timingJson(t);
                tj.put("ms_per_job", o.msPerJob(t));
                return tj;
            }).toList());
            root.put("run_overhead", m);
        });
        r.planner().ifPresent(p -> {
            List<Object> pts = new ArrayList<>();
            for (PlannerOnly.Point pt : p.points()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("experiments", pt.experiments());
                m.put("files_per_dir", p.filesPerDir());
                m.put("files", pt.files());
                m.put("jobs", pt.jobs());
                m.put("jobs_per_s", pt.jobsPerSecond());
                m.put("us_per_job", pt.microsPerJob());
                m.put("files_per_s", pt.filesPerSecond());
                m.putAll(timingJson(pt.timing()));
                pts.add(m);
            }
            root.put("planner_only", pts);
        });
        root.put("problems", problems(r));
        return root;
    }

    static Map<String, Object> timingJson(Timing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", t.name());
        m.put("command", t.command());
        m.put("seconds", t.seconds());
        m.put("median_s", t.timed() ? t.median() : null);
        m.put("min_s", t.timed() ? t.min() : null);
        m.put("max_s", t.timed() ? t.max() : null);
        m.put("reported_jobs", t.outcome().jobs());
        m.put("problem", t.outcome().problem());
        if (!t.calls().isEmpty()) {
            m.put("calls", t.calls());
        }
        return m;
    }

    static String row(String label, Timing t) {
        return row(label, t, 22);
    }

    /** The label in a column {@code width} wide, then median, min and max. */
    static String row(String label, Timing t, int width) {
        if (!t.timed()) {
            return String.format("%-" + width + "s %9s %9s %9s", label, "-", "-", "-");
        }
        return String.format(Locale.ROOT, "%-" + width + "s %9.3f %9.3f %9.3f", label, t.median(), t.min(), t.max());
    }

    static String jobs(Timing t) {
        Outcome o = t.outcome();
        String n = o.jobs() == null ? "-" : String.format("%,d", o.jobs());
        return o.isOk() ? n : n + "  ** " + o.problem();
    }

    static Optional<Timing> find(List<Timing> timings, String name) {
        return timings.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    static String ratio(Timing t, Optional<Timing> to) {
        String n = ratioNumber(t, to);
        return n.isEmpty() ? "-" : n;
    }

    static String ratioNumber(Timing t, Optional<Timing> to) {
        if (to.isEmpty() || !to.get().timed() || !t.timed()) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", t.median() / to.get().median());
    }

    static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6f", d);
    }

    static String csvField(String f) {
        return f.contains(",") || f.contains("\"") || f.contains("\n") ? "\"" + f.replace("\"", "\"\"") + "\"" : f;
    }
}
