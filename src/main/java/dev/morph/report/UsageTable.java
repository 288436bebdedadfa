package dev.morph.report;

import dev.morph.journal.Usage;
import dev.morph.pipeline.Durations;
import dev.morph.plan.JobId;
import dev.morph.run.RunState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a run's jobs used, against what their steps asked for: per step the smallest, median and largest
 * wall time, CPU time and peak memory, the request, and CPU per wall second (a job asking 8 cpus that
 * uses 1 shows 1.0) — so an over- or under-sized request is visible.
 */
public final class UsageTable {
    private final Style style;

    public UsageTable(Style style) {
        this.style = style;
    }

    /** Min, median and max of the measured values (null where none was measured). */
    public record Spread(long min, long median, long max) {
        static Spread of(List<Long> values) {
            List<Long> v = values.stream().filter(Objects::nonNull).sorted().toList();
            return v.isEmpty() ? null : new Spread(v.get(0), v.get(v.size() / 2), v.get(v.size() - 1));
        }
    }

    /** One step's jobs: how many were measured, their spreads, the request, and total CPU over total wall (null: unknown). */
    public record StepUsage(int jobs, Spread wallMs, Spread cpuMs, Spread peakBytes, Long cpus, Long memBytes, Double cpuPerWall) {
    }

    /** Per step, in the order the jobs come. */
    public static Map<String, StepUsage> byStep(Map<String, Usage> usage) {
        Map<String, List<Usage>> steps = new LinkedHashMap<>();
        usage.forEach((job, u) -> steps.computeIfAbsent(JobId.parse(job).step(), s -> new ArrayList<>()).add(u));
        Map<String, StepUsage> out = new LinkedHashMap<>();
        steps.forEach((step, us) -> {
            long wall = us.stream().filter(u -> u.wallMs() != null && u.cpuMs() != null).mapToLong(Usage::wallMs).sum();
            long cpu = us.stream().filter(u -> u.wallMs() != null && u.cpuMs() != null).mapToLong(Usage::cpuMs).sum();
            out.put(step, new StepUsage(us.size(), spread(us, Usage::wallMs), spread(us, Usage::cpuMs), spread(us, Usage::peakBytes),
                    us.get(us.size() - 1).cpus(), us.get(us.size() - 1).memBytes(), wall == 0 ? null : (double) cpu / wall));
        });
        return out;
    }

    private static Spread spread(List<Usage> us, Function<Usage, Long> value) {
        return Spread.of(us.stream().map(value).toList());
    }

    /** {@code runs show --format json}'s {@code usage}: per job its measurements and request, per step the summary. */
    public static Map<String, Object> tree(Map<String, Usage> usage) {
        Map<String, Object> jobs = new LinkedHashMap<>();
        usage.forEach((job, u) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("wall_ms", u.wallMs());
            one.put("cpu_ms", u.cpuMs());
            one.put("peak_bytes", u.peakBytes());
            one.put("requested_cpus", u.cpus());
            one.put("requested_mem_bytes", u.memBytes());
            jobs.put(job, one);
        });
        Map<String, Object> steps = new LinkedHashMap<>();
        byStep(usage).forEach((step, s) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("jobs", s.jobs());
            one.put("wall_ms", list(s.wallMs()));
            one.put("cpu_ms", list(s.cpuMs()));
            one.put("peak_bytes", list(s.peakBytes()));
            one.put("requested_cpus", s.cpus());
            one.put("requested_mem_bytes", s.memBytes());
            one.put("cpu_per_wall", s.cpuPerWall());
            steps.put(step, one);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        out.put("steps", steps);
        return out;
    }

    /** {@code [min, median, max]}, or null. */
    public static List<Long> list(Spread s) {
        return s == null ? null : Arrays.asList(s.min(), s.median(), s.max());
    }

    /** The per-step table under {@code runs show}; nothing when no job was measured. */
    public void print(RunState run, Map<String, Usage> usage, PrintWriter out) {
        if (usage.isEmpty()) {
            return;
        }
        out.println(style.bold("Resources") + " (min / median / max per step; requested)");
        byStep(usage).forEach((step, s) -> out.printf(Locale.ROOT, "  %-14s %3d job(s)  wall %s  cpu %s  peak mem %s  asked %s cpus, %s%s%n", step, s.jobs(),
                spread(s.wallMs(), UsageTable::duration), spread(s.cpuMs(), UsageTable::duration), spread(s.peakBytes(), UsageTable::bytes),
                s.cpus() == null ? "-" : s.cpus(), s.memBytes() == null ? "no mem" : bytes(s.memBytes()),
                s.cpuPerWall() == null ? "" : String.format(Locale.ROOT, "  cpu/wall %.2f", s.cpuPerWall())));
    }

    private static String spread(Spread s, Function<Long, String> format) {
        return s == null ? "-" : format.apply(s.min()) + "/" + format.apply(s.median()) + "/" + format.apply(s.max());
    }

    /** Under a second in milliseconds (a quick job's CPU time), else as every duration morph prints. */
    static String duration(long ms) {
        return ms < 1000 ? ms + "ms" : Durations.format(Duration.ofMillis(ms));
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? b + "B" : String.format(Locale.ROOT, "%.1f%s", v, units[i]);
    }
}
