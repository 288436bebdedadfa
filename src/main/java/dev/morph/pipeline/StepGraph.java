package dev.morph.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The steps as a JGraphT graph: an edge {@code a → b} when {@code b} reads an output of {@code a}.
 * A valid pipeline's graph is acyclic; {@link PipelineLoader} reports cycles before anyone else sees one.
 */
public final class StepGraph {
    private final Pipeline pipeline;
    private final Graph<String, DefaultEdge> graph;
    private final Map<String, Integer> fileOrder = new HashMap<>();

    private StepGraph(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.graph = build(pipeline.steps());
        pipeline.steps().forEach(s -> fileOrder.put(s.name(), fileOrder.size()));
    }

    public static StepGraph of(Pipeline pipeline) {
        return new StepGraph(pipeline);
    }

    /** Every step, with an edge from each step it reads to it (a step reading itself is left to the checks). */
    public static Graph<String, DefaultEdge> build(List<Step> steps) {
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(null, DefaultEdge::new, false);
        steps.forEach(s -> g.addVertex(s.name()));
        for (Step s : steps) {
            for (Input in : s.inputs()) {
                if (in instanceof Input.FromStep f && g.containsVertex(f.step()) && !f.step().equals(s.name())) {
                    g.addEdge(f.step(), s.name()); // once per pair: the graph keeps no parallel edges
                }
            }
        }
        return g;
    }

    public Graph<String, DefaultEdge> graph() {
        return graph;
    }

    /** Steps in dependency order; among independent steps, file order. */
    public List<Step> topologicalOrder() {
        List<Step> out = new ArrayList<>();
        new TopologicalOrderIterator<>(graph, Comparator.comparing(fileOrder::get))
                .forEachRemaining(name -> out.add(pipeline.step(name).orElseThrow()));
        return out;
    }

    /** The named steps and every step upstream of them. */
    public Set<String> withUpstream(Set<String> names) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(names);
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (out.add(n)) {
                todo.addAll(upstreamOf(n));
            }
        }
        return out;
    }

    /** The steps whose outputs {@code step} reads, in the order its inputs name them. */
    public List<String> upstreamOf(String step) {
        return Graphs.predecessorListOf(graph, step);
    }
}
