package dev.morph.report;

import dev.morph.app.Cell;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.StepGraph;
import dev.morph.plan.JobId;
import dev.morph.plan.Plan;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jgrapht.Graph;
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
        return new GraphFormat<>(plan.dag(), JobId::toString, id -> {
            Cell cell = Cell.of(plan.job(id).orElseThrow());
            Map<String, String> a = new LinkedHashMap<>();
            a.put("shape", id.isGlobal() ? "box" : "ellipse");
            a.put("style", "filled");
            a.put("fillcolor", COLORS.get(cell));
            a.put("tooltip", cell.word());
            return a;
        });
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
        return out.toString();
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
