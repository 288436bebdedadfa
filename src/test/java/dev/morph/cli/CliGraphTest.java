package dev.morph.cli;

import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code morph graph}: steps and their dependencies, or jobs coloured by state, in DOT and Mermaid.
 */
class CliGraphTest {
    private static final Pattern DOT_NODE = Pattern.compile("\\s*(n\\d+) \\[ label=\"([^\"]*)\"(.*)\\];");
    private static final Pattern DOT_EDGE = Pattern.compile("\\s*(n\\d+) -> (n\\d+);");
    private static final Pattern MERMAID_NODE = Pattern.compile("\\s*(n\\d+)(\\[\\[?)\"([^\"]*)\"\\]\\]?");
    private static final Pattern MERMAID_EDGE = Pattern.compile("\\s*(n\\d+) --> (n\\d+)");

    @TempDir
    Path tmp;

    /** Label → the rest of its DOT node line (attributes), and the edges as "from -> to" labels. */
    private record Drawn(Map<String, String> nodes, Set<String> edges) {
    }

    private static Drawn dot(String text) {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        Set<String> edges = new TreeSet<>();
        for (String line : text.split("\\R")) {
            Matcher n = DOT_NODE.matcher(line);
            Matcher e = DOT_EDGE.matcher(line);
            if (n.matches()) {
                labels.put(n.group(1), n.group(2));
                nodes.put(n.group(2), n.group(3));
            } else if (e.matches()) {
                edges.add(labels.get(e.group(1)) + " -> " + labels.get(e.group(2)));
            }
        }
        return new Drawn(nodes, edges);
    }

    private static Drawn mermaid(String text) {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        Set<String> edges = new TreeSet<>();
        for (String line : text.split("\\R")) {
            Matcher n = MERMAID_NODE.matcher(line);
            Matcher e = MERMAID_EDGE.matcher(line);
            if (e.matches()) {
                edges.add(labels.get(e.group(1)) + " -> " + labels.get(e.group(2)));
            } else if (n.matches()) {
                labels.put(n.group(1), n.group(3));
                nodes.put(n.group(3), n.group(2).equals("[[") ? "box" : "round");
            }
        }
        return new Drawn(nodes, edges);
    }

    @Test
    void graph_dot_drawsStepsAndDependencies() {
        Result r = ok(morph(tmp, "graph"));
        Drawn d = dot(r.out());

        assertTrue(r.out().startsWith("strict digraph \"mini\" {") || r.out().startsWith("digraph \"mini\" {"), r.out());
        assertEquals(Set.of("prep", "embed", "combine"), d.nodes().keySet());
        assertEquals(Set.of("prep -> embed", "embed -> combine"), d.edges());
        assertTrue(d.nodes().get("prep").contains("shape=\"ellipse\""), d.nodes().toString());
        assertTrue(d.nodes().get("combine").contains("shape=\"box\""), "global steps are boxes: " + d.nodes());
        assertTrue(r.out().strip().endsWith("}"));
    }

    @Test
    void graph_mermaid_drawsStepsAndDependencies() {
        Result r = ok(morph(tmp, "graph", "--format", "mermaid"));
        Drawn d = mermaid(r.out());

        assertEquals("flowchart LR", r.outLines().get(0));
        assertEquals(Map.of("prep", "round", "embed", "round", "combine", "box"), d.nodes());
        assertEquals(Set.of("prep -> embed", "embed -> combine"), d.edges());
    }

    @Test
    void graph_stepGraph_needsNoDataRoot() {
        Lab.create(tmp);
        Result r = ok(run(env(tmp), "-p", "pipe.yaml", "graph"));

        assertEquals(Set.of("prep", "embed", "combine"), dot(r.out()).nodes().keySet());
    }

    @Test
    void graph_jobs_drawsOneNodePerJobColouredByState() {
        Result r = ok(morph(tmp, "graph", "--jobs"));
        Drawn d = dot(r.out());

        assertEquals(Set.of("prep/" + Lab.ONE, "prep/" + Lab.TWO, "prep/" + Lab.THREE, "embed/" + Lab.ONE,
                "embed/" + Lab.TWO, "embed/" + Lab.THREE, "combine"), d.nodes().keySet());
        Map<String, String> colour = Map.of("prep/" + Lab.ONE, "khaki", "prep/" + Lab.TWO, "palegreen",
                "prep/" + Lab.THREE, "lightblue", "embed/" + Lab.TWO, "lightblue", "embed/" + Lab.THREE, "salmon",
                "combine", "lightblue");
        colour.forEach((job, c) -> assertTrue(d.nodes().get(job).contains("fillcolor=\"" + c + "\""), job + ": " + d.nodes().get(job)));
        assertTrue(d.nodes().get("combine").contains("shape=\"box\""));
        for (String exp : List.of(Lab.ONE, Lab.TWO, Lab.THREE)) {
            assertTrue(d.edges().contains("prep/" + exp + " -> embed/" + exp), d.edges().toString());
        }
        assertTrue(d.edges().contains("embed/" + Lab.ONE + " -> combine"), d.edges().toString());
        assertTrue(d.edges().contains("embed/" + Lab.TWO + " -> combine"), d.edges().toString());
        assertFalse(d.edges().contains("prep/" + Lab.ONE + " -> embed/" + Lab.TWO), "no edges across experiments");
    }

    @Test
    void graph_jobsMermaid_drawsJobs() {
        Result r = ok(morph(tmp, "graph", "--jobs", "--format", "mermaid", "-e", Lab.ONE));
        Drawn d = mermaid(r.out());

        assertEquals(Set.of("prep/" + Lab.ONE, "embed/" + Lab.ONE, "combine"), d.nodes().keySet());
        assertEquals(Set.of("prep/" + Lab.ONE + " -> embed/" + Lab.ONE, "embed/" + Lab.ONE + " -> combine"), d.edges());
    }

    @Test
    void jobGraph_mermaidColouredByStateLikeDot_bothWithALegend() {
        Result mermaid = CliFixture.ok(CliFixture.morph(tmp, "graph", "--jobs", "--format", "mermaid"));
        Result dot = CliFixture.ok(CliFixture.morphIn(CliFixture.env(tmp), "graph", "--jobs"));

        for (String state : java.util.List.of("stale", "missing", "blocked", "up_to_date")) {
            assertTrue(mermaid.out().contains("classDef " + state + " fill:"), state + " in:\n" + mermaid.out());
            assertTrue(mermaid.out().contains("legend_" + state + "["), mermaid.out());
            assertTrue(dot.out().contains("legend_" + state + " [label="), dot.out());
        }
        assertTrue(mermaid.out().contains("classDef stale fill:khaki") && dot.out().contains("fillcolor=\"khaki\""), "the same colours");
        assertTrue(mermaid.out().matches("(?s).*\\n    class n\\d+(,n\\d+)* stale\\n.*"), mermaid.out());
        assertTrue(dot.out().contains("subgraph cluster_legend"), dot.out());
        assertTrue(mermaid.out().contains("[\"prep/" + CliFixture.Lab.ONE + "\"]"), "job IDs printed step/exp:\n" + mermaid.out());
    }
}
