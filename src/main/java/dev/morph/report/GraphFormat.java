package dev.morph.report;

import dev.morph.app.Cell;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobId;
import dev.morph.plan.Plan;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/**
 * Renders a graph (steps, or jobs) as Graphviz DOT with JGraphT's exporter, or as a Mermaid flowchart.
 * {@code label} and {@code attributes} give each vertex its text and DOT attributes (shape, colour).
 */
public final class GraphFormat<V> {
    private static final Map<Cell, String> COLORS = Map.of(Cell.UP_TO_DATE, "palegreen", Cell.STALE, "khaki",
            Cell.MISSING, "lightblue", Cell.BLOCKED, "salmon", Cell.NOT_APPLICABLE, "lightgrey",
            Cell.RUNNING, "plum", Cell.FAILED, "red");

    private final Graph<V, DefaultEdge> graph;
    private final Function<V, String> label;
    private final Function<V, Map<String, String>> attributes;

    public GraphFormat(Graph<V, DefaultEdge> graph, Function<V, String> label, Function<V, Map<String, String>> attributes) {
        this.graph = graph;
        this.label = label;
        this.attributes = attributes;
    }

    /** The step graph: one node per step, global steps as boxes. */
    public static GraphFormat<String> steps(Pipeline pipeline) {
        return new GraphFormat<>(StepGraph.of(pipeline).graph(), name -> name,
                name -> Map.of("shape", pipeline.step(name).orElseThrow().isGlobal() ? "box" : "ellipse"));
    }

    /** The step graph with each step filled with the colour of {@code state}'s cell for it (absent: not planned). */
    public static GraphFormat<String> steps(Pipeline pipeline, Function<String, Optional<Cell>> state) {
        return steps(pipeline, state, name -> name);
    }

    /** The same, each step labelled by {@code label} (its name and counts, say). */
    public static GraphFormat<String> steps(Pipeline pipeline, Function<String, Optional<Cell>> state, Function<String, String> label) {
        return new GraphFormat<>(StepGraph.of(pipeline).graph(), label, name -> {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("shape", pipeline.step(name).orElseThrow().isGlobal() ? "box" : "ellipse");
            state.apply(name).ifPresent(cell -> {
                a.put("style", "filled");
                a.put("fillcolor", COLORS.get(cell));
                a.put("tooltip", name + ": " + cell.word());
            });
            return a;
        });
    }

    /** The colour a state is filled with in graphs (an X11 colour name, which CSS knows too). */
    public static String color(Cell cell) {
        return COLORS.get(cell);
    }

    /** The job graph of a plan: one node per job, filled with the colour of its state. */
    public static GraphFormat<JobId> jobs(Plan plan) {
        return new GraphFormat<>(plan.dag(), JobId::shown, id -> {
            Cell cell = Cell.of(plan.job(id).orElseThrow());
            Map<String, String> a = new LinkedHashMap<>();
            a.put("shape", id.isGlobal() ? "box" : "ellipse");
            a.put("style", "filled");
            a.put("fillcolor", COLORS.get(cell));
            a.put("tooltip", cell.word());
            return a;
        });
    }

    /** This graph with only the vertices in {@code keep} and the edges between them. */
    public GraphFormat<V> only(Set<V> keep) {
        return new GraphFormat<>(new AsSubgraph<>(graph, keep), label, attributes);
    }

    public String dot(String name) {
        Map<V, String> ids = ids();
        DOTExporter<V, DefaultEdge> exporter = new DOTExporter<>(ids::get);
        exporter.setGraphIdProvider(() -> '"' + name.replace("\"", "'") + '"');
        exporter.setGraphAttributeProvider(() -> Map.of("rankdir", DefaultAttribute.createAttribute("LR")));
        exporter.setVertexAttributeProvider(v -> {
            Map<String, Attribute> m = new LinkedHashMap<>();
            m.put("label", DefaultAttribute.createAttribute(label.apply(v)));
            attributes.apply(v).forEach((k, val) -> m.put(k, DefaultAttribute.createAttribute(val)));
            return m;
        });
        StringWriter out = new StringWriter();
        exporter.exportGraph(graph, out);
        String dot = out.toString();
        List<Cell> states = states();
        if (states.isEmpty()) {
            return dot;
        }
        // a legend: one node per state shown, in a box of its own
        StringBuilder legend = new StringBuilder("  subgraph cluster_legend {\n    label=\"legend\";\n");
        for (Cell c : states) {
            legend.append("    legend_").append(c.name().toLowerCase(Locale.ROOT)).append(" [label=\"").append(c.word())
                    .append("\" shape=\"box\" style=\"filled\" fillcolor=\"").append(COLORS.get(c)).append("\"];\n");
        }
        legend.append("  }\n");
        int end = dot.lastIndexOf('}');
        return dot.substring(0, end) + legend + dot.substring(end);
    }

    /** The states the vertices are filled with, in the cells' order. */
    private List<Cell> states() {
        Set<String> fills = new HashSet<>();
        graph.vertexSet().forEach(v -> Optional.ofNullable(attributes.apply(v).get("fillcolor")).ifPresent(fills::add));
        return COLORS.keySet().stream().filter(c -> fills.contains(COLORS.get(c))).sorted().toList();
    }

    public String mermaid() {
        Map<V, String> ids = ids();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (V v : graph.vertexSet()) {
            boolean global = "box".equals(attributes.apply(v).get("shape"));
            String text = label.apply(v).replace("\"", "#quot;");
            out.append("    ").append(ids.get(v)).append(global ? "[[\"" + text + "\"]]" : "[\"" + text + "\"]").append('\n');
        }
        for (DefaultEdge e : graph.edgeSet()) {
            out.append("    ").append(ids.get(graph.getEdgeSource(e))).append(" --> ").append(ids.get(graph.getEdgeTarget(e))).append('\n');
        }
        List<Cell> states = states();
        if (states.isEmpty()) {
            return out.toString();
        }
        // coloured by state like the DOT graph: a class per state, and a legend
        out.append("    subgraph legend [legend]\n");
        for (Cell c : states) {
            String name = c.name().toLowerCase(Locale.ROOT);
            out.append("        legend_").append(name).append("[\"").append(c.word()).append("\"]:::").append(name).append('\n');
        }
        out.append("    end\n");
        for (Cell c : states) {
            String name = c.name().toLowerCase(Locale.ROOT);
            out.append("    classDef ").append(name).append(" fill:").append(COLORS.get(c)).append('\n');
            List<String> members = graph.vertexSet().stream().filter(v -> COLORS.get(c).equals(attributes.apply(v).get("fillcolor")))
                    .map(ids::get).toList();
            if (!members.isEmpty()) {
                out.append("    class ").append(String.join(",", members)).append(' ').append(name).append('\n');
            }
        }
        return out.toString();
    }

    /** Stable identifiers safe in both languages: n0, n1, … in vertex order. */
    private Map<V, String> ids() {
        Map<V, String> ids = new LinkedHashMap<>();
        for (V v : graph.vertexSet()) {
            ids.put(v, "n" + ids.size());
        }
        return ids;
    }
}
