package dev.morph.plan;

import dev.morph.app.Experiments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.ProbeCache;
import dev.morph.artifact.ProbeWidth;
import dev.morph.artifact.ReferenceProbe;
import dev.morph.discover.Experiment;
import dev.morph.discover.Selection;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.app.Invocation;
import dev.morph.discover.Workspace;
import dev.morph.report.PlanText;
import dev.morph.report.StatusTable;
import dev.morph.app.StatusView;
import dev.morph.report.Style;
import dev.morph.store.StateLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    static final List<String> STEPS = List.of("a", "b", "c", "g", "h", "k");
    static final List<String> NAMES = List.of("20250101_k1", "20250102_k2", "20250203_y1", "20250204_y2", "20250305_y3",
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
            invocations.add(Invocation.status(Experiments.ALL));
            for (int i = 0; i < 3; i++) {
                invocations.add(randomInvocation(ws, random));
            }
            for (Invocation inv : invocations) {
                String where = "seed " + seed + ", " + inv;
                Plan reference = plan(ws, inv, new ReferenceProbe(f.root));
                String expected = describe(ws, reference);
                assertEquals(expected, describe(ws, plan(ws, inv, new ProbeCache(new FileSystemProbe(f.root)))), where + " (one thread)");
                assertEquals(expected, describe(ws, plan(ws, inv, new ProbeCache(FileSystemProbe.forOnePlan(f.root), ProbeWidth.fixed(1 + random.nextInt(6))))),
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
        for (JobPlan j : plan.jobs()) {
            // the graph and the upstream lists it is built from say the same, in the same order
            assertEquals(plan.dag().incomingEdgesOf(j.id()).stream().map(e -> plan.dag().getEdgeSource(e)).toList(), plan.upstreamOf(j.id()));
        }
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        new PlanText(Style.PLAIN, new CommandRenderer(ws.root())).print(plan, null, w);
        List<Step> columns = StepGraph.of(ws.pipeline()).topologicalOrder().stream().filter(s -> !s.isGlobal()).toList();
        Function<JobId, Optional<dev.morph.app.Cell>> noLive = id -> Optional.empty();
        new StatusTable(Style.PLAIN, Integer.MAX_VALUE).print(StatusView.of(plan, ws.experiments(), columns, noLive),
                ws.pipeline().discovery().attributes(), w);
        w.flush();
        return out.append(text).toString();
    }
}
