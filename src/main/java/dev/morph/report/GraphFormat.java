package dev.morph.report;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final Graph<V, DefaultEdge> graph;
    private final Function<V, String> label;
    private final Function<V, Map<String, String>> attributes;

    public GraphFormat(Graph<V, DefaultEdge> graph, Function<V, String> label, Function<V, Map<String, String>> attributes) {
        this.graph = graph;
        this.label = label;
        this.attributes = attributes;
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
