package dev.morph.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.ProbeCache;
import dev.morph.artifact.ReferenceProbe;
import dev.morph.discover.Experiment;
import dev.morph.discover.Selection;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.project.Invocation;
import dev.morph.project.Workspace;
import dev.morph.report.PlanText;
import dev.morph.report.StatusTable;
import dev.morph.report.StatusView;
import dev.morph.report.Style;
import dev.morph.state.StateLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Plans made with the fast probe (cached; walked on the caller's thread and on a pool) against plans
 * made with the plain {@link ReferenceProbe}, uncached, on many random data roots: random experiments
 * (and directories discovery must skip), each artifact present, empty or missing, random mtimes with
 * many ties, nested and hidden files, links (to files, to directories, dangling, back up the tree),
 * globs, random journal records, and for {@code status} and random targets, selections and forces.
 * Job list, order, states, reasons, missing inputs, fan-ins, the job graph and the printed plan and
 * status must be identical.
 */
class PlanComparisonTest {
    private static final int SCENARIOS = 120;

    static final String PIPELINE = """
            experiments:
              pattern: raw/{scope}/{exp}/
              values: {scope: [K, Y]}
              ignore: [".*", "_*", "ignore*"]
            params:
              model: m1
            steps:
              a:
                inputs:
                  raw: raw/{attr.scope}/{exp}/
                  meta: meta/{exp}.csv
                outputs:
                  images: a/{exp}/
                  table: a/{exp}.csv
                command: [tool, a, "{exp}"]
              b:
                inputs:
                  images: {from: a.images}
                  masks: {glob: "seg/*/{exp}/*.png"}
                outputs:
                  out: b/{exp}/
                command: [tool, b, "{inputs.images}", "{inputs.masks}"]
              c:
                when: {scope: Y}
                inputs:
                  b: {from: b}
                  table: {from: a.table}
                outputs:
                  out: c/{params.model}/{exp}.txt
                command: [tool, c, "{params.model}"]
              g:
                scope: global
                inputs:
                  bs: {from: b}
                  cs: {from: c}
                outputs:
                  all: g/all.csv
                command: [tool, g, "{inputs.bs}", "{inputs.cs}"]
              h:
                scope: global
                inputs:
                  all: {from: g}
                  ref: ref/stages.csv
                  logs: {glob: "logs/**.log"}
                outputs:
                  out: h/
                command: [tool, h]
              k:
                inputs:
                  all: {from: g}
                  images: {from: a.images}
                outputs:
                  out: k/{exp}.txt
                command: [tool, k, "{exp}"]
            """;

    private static final List<String> STEPS = List.of("a", "b", "c", "g", "h", "k");
    private static final List<String> NAMES = List.of("20250101_k1", "20250102_k2", "20250203_y1", "20250204_y2", "20250305_y3",
            "20250306_x4");

    @Test
    void plan_randomRoots_fastProbesPlanExactlyAsTheReference() {
        Map<String, Integer> seen = new TreeMap<>();
        int plans = 0;
        for (int seed = 0; seed < SCENARIOS; seed++) {
            Random random = new Random(seed);
            Fixture f = new Fixture(PIPELINE);
            new RandomRoot(f, random).build();
            Workspace ws = f.workspace();
            List<Invocation> invocations = new ArrayList<>();
            invocations.add(Invocation.status(Selection.ALL));
            for (int i = 0; i < 3; i++) {
                invocations.add(randomInvocation(ws, random));
            }
            for (Invocation inv : invocations) {
                String where = "seed " + seed + ", " + inv;
                Plan reference = plan(ws, inv, new ReferenceProbe(f.root));
                String expected = describe(ws, reference);
                assertEquals(expected, describe(ws, plan(ws, inv, new ProbeCache(new FileSystemProbe(f.root)))), where + " (one thread)");
                assertEquals(expected, describe(ws, plan(ws, inv, new ProbeCache(new FileSystemProbe(f.root), 1 + random.nextInt(6)))),
                        where + " (walked on a pool)");
                reference.jobs().forEach(j -> {
                    seen.merge(j.state().name(), 1, Integer::sum);
                    j.reasons().forEach(r -> seen.merge(r.code(), 1, Integer::sum));
                    j.fanIns().forEach(fi -> seen.merge(fi.excluded().isEmpty() ? "FANIN_ALL" : "FANIN_LEFT_OUT", 1, Integer::sum));
                });
                plans++;
            }
        }
        // the random roots reach every verdict and every reason the probe can influence
        for (String what : List.of("STALE", "BLOCKED", "UP_TO_DATE", "NOT_APPLICABLE", "MISSING_OUTPUT", "INPUT_NEWER",
                "UPSTREAM_WILL_RUN", "FORCED", "INCOMPLETE", "COMMAND_CHANGED", "PARAMS_CHANGED", "EXPERIMENT_SET_CHANGED",
                "INPUT_CHANGED_DURING_BUILD", "FANIN_ALL", "FANIN_LEFT_OUT")) {
            assertTrue(seen.getOrDefault(what, 0) >= 5, "too few " + what + " in " + seen);
        }
        assertEquals(SCENARIOS * 4, plans);
    }

    private static Plan plan(Workspace ws, Invocation inv, ArtifactProbe probe) {
        try (probe) {
            JobHistory history = new JournalHistory(new Journal(new StateLayout(ws.root())));
            return inv.planner(ws, probe, history).plan(inv.request(ws));
        }
    }

    private static Invocation randomInvocation(Workspace ws, Random random) {
        List<String> targets = new ArrayList<>();
        boolean e2e = random.nextInt(3) == 0;
        if (e2e) {
            targets.add("e2e");
        } else {
            targets.add(STEPS.get(random.nextInt(STEPS.size())));
            if (random.nextBoolean()) {
                targets.add(STEPS.get(random.nextInt(STEPS.size())));
            }
        }
        boolean only = !e2e && random.nextInt(3) == 0;
        List<String> names = new ArrayList<>();
        if (random.nextBoolean()) {
            for (Experiment e : ws.experiments()) {
                if (random.nextBoolean()) {
                    names.add(e.name());
                }
            }
        }
        Selection selection = new Selection(names, Optional.empty(), Optional.empty());
        boolean force = random.nextInt(8) == 0;
        List<String> forceSteps = e2e && random.nextInt(4) == 0 ? List.of(STEPS.get(random.nextInt(STEPS.size()))) : List.of();
        return new Invocation(List.copyOf(targets), only, selection, force, forceSteps, Map.of(), null);
    }

    /** Everything a plan says, structured and as printed by {@code plan} and {@code status}. */
    private static String describe(Workspace ws, Plan plan) {
        StringBuilder out = new StringBuilder();
        for (JobPlan j : plan.jobs()) {
            out.append(j.id()).append(' ').append(j.state()).append(" reasons=").append(j.reasons())
                    .append(" missing=").append(j.missing()).append(" blockedBy=").append(j.blockedBy())
                    .append(" fanIns=").append(j.fanIns()).append(" root=").append(j.rootJob()).append('/').append(j.rootCause())
                    .append('\n');
        }
        Set<String> edges = new TreeSet<>();
        plan.dag().edgeSet().forEach(e -> edges.add(plan.dag().getEdgeSource(e) + "->" + plan.dag().getEdgeTarget(e)));
        out.append("edges=").append(edges).append('\n');
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        new PlanText(Style.PLAIN, new CommandRenderer(ws.root())).print(plan, null, w);
        List<Step> columns = StepGraph.of(ws.pipeline()).topologicalOrder().stream().filter(s -> !s.isGlobal()).toList();
        Function<JobId, Optional<dev.morph.report.Cell>> noLive = id -> Optional.empty();
        new StatusTable(Style.PLAIN, Integer.MAX_VALUE).print(StatusView.of(plan, ws.experiments(), columns, noLive),
                ws.pipeline().discovery().attributes(), w);
        w.flush();
        return out.append(text).toString();
    }

    /** A random data root for {@link #PIPELINE}, with random journal records. */
    static final class RandomRoot {
        private final Fixture f;
        private final Random random;
        private int linkCount;

        RandomRoot(Fixture f, Random random) {
            this.f = f;
            this.random = random;
        }

        void build() {
            List<String> experiments = new ArrayList<>();
            for (String name : NAMES) {
                if (random.nextInt(3) > 0) {
                    experiments.add(name);
                }
            }
            // directories discovery must skip, full of files that must not count
            dirWithFiles("raw/K/_archive", 1);
            dirWithFiles("raw/Y/.staging", 1);
            dirWithFiles("raw/Y/IGNORE_calibration", 1);
            dirWithFiles("raw/Z/20250101_z1", 1);
            for (String e : experiments) {
                String scope = e.contains("_k") ? "K" : "Y";
                String raw = "raw/" + scope + "/" + e;
                if (random.nextInt(6) == 0) {
                    // raw data linked in from elsewhere
                    dirWithFiles("store/" + e, random.nextInt(3));
                    link(raw, f.root.resolve("store/" + e));
                } else if (random.nextInt(6) == 0) {
                    f.dir(raw); // empty: exists for discovery, missing as an input
                } else {
                    dirWithFiles(raw, 1 + random.nextInt(3));
                }
                maybeFile("meta/" + e + ".csv", 5);
                maybeDir("a/" + e);
                maybeFile("a/" + e + ".csv", 4);
                for (String m : List.of("m1", "m2")) {
                    if (random.nextBoolean()) {
                        f.file("seg/" + m + "/" + e + "/mask.png", time());
                    }
                    if (random.nextInt(4) == 0) {
                        f.file("seg/" + m + "/" + e + "/notes.txt", time()); // does not match *.png
                    }
                }
                maybeDir("b/" + e);
                maybeFile("c/m1/" + e + ".txt", 3);
                maybeFile("k/" + e + ".txt", 3);
            }
            maybeFile("ref/stages.csv", 6);
            maybeFile("g/all.csv", 3);
            maybeDir("h");
            if (random.nextBoolean()) {
                f.file("logs/run.log", time());
            }
            if (random.nextBoolean()) {
                f.file("logs/deep/er/x.log", time());
            }
            journal(experiments);
        }

        /** Seconds 0..6: few distinct times, so equal mtimes are common. */
        private long time() {
            return random.nextInt(7);
        }

        private void maybeFile(String path, int oneIn) {
            if (random.nextInt(oneIn) > 0) {
                f.file(path, time());
            } else if (random.nextInt(5) == 0) {
                dirWithFiles(path, 1); // a directory where a file is expected: missing
            }
        }

        /** A directory output: missing, empty, or files with nested, hidden and linked entries. */
        private void maybeDir(String path) {
            switch (random.nextInt(5)) {
                case 0 -> {
                }
                case 1 -> f.dir(path);
                default -> {
                    dirWithFiles(path, 1 + random.nextInt(3));
                    if (random.nextInt(3) == 0) {
                        f.file(path + "/sub/deeper/n.png", time());
                    }
                    if (random.nextInt(4) == 0) {
                        f.file(path + "/.hidden", time());
                    }
                    switch (random.nextInt(6)) {
                        case 0 -> link(path + "/gone.png", f.root.resolve("nowhere/x.png"));
                        case 1 -> link(path + "/up", f.fs.getPath(".."));
                        case 2 -> {
                            f.file("elsewhere/" + linkCount + ".png", time());
                            link(path + "/linked.png", f.root.resolve("elsewhere/" + linkCount + ".png"));
                        }
                        default -> {
                        }
                    }
                }
            }
        }

        private void dirWithFiles(String path, int files) {
            f.dir(path);
            for (int i = 0; i < files; i++) {
                f.file(path + "/img" + i + ".tif", time());
            }
        }

        private void link(String path, Path target) {
            try {
                Files.createDirectories(f.root.resolve(path).getParent());
                Files.createSymbolicLink(f.root.resolve(path), target);
                linkCount++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Journal records for random jobs: succeeded or not, built with another command, params or experiment set. */
        private void journal(List<String> experiments) {
            Journal journal = new Journal(new StateLayout(f.root));
            for (String step : STEPS) {
                boolean global = step.equals("g") || step.equals("h");
                for (String e : global ? java.util.Collections.<String>singletonList(null) : experiments) {
                    if (random.nextInt(3) > 0) {
                        continue;
                    }
                    String status = random.nextInt(4) == 0 ? JobRecord.FAILED : JobRecord.SUCCEEDED;
                    List<String> template = random.nextInt(5) == 0 ? List.of("tool", "old") : null;
                    Map<String, String> params = step.equals("c") && random.nextInt(3) == 0 ? Map.of("model", "m0") : null;
                    List<String> set = step.equals("g") && random.nextBoolean() ? List.of("20250101_k1") : null;
                    long newestInput = random.nextInt(7) * 1_000_000_000L;
                    JobId id = new JobId(step, e);
                    try {
                        journal.write(new JobRecord(id.toString(), step, e, status, "r1", "host", 1, 1, newestInput, null, List.of("tool"),
                                template, params, newestInput, null, Map.of(), set, 0, null, null));
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                }
            }
        }
    }
}
