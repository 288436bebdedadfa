package dev.morph.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * The steps as a graph: an edge {@code a → b} when {@code b} reads an output of {@code a}. A valid
 * pipeline's graph is acyclic; {@link PipelineLoader} reports cycles before anyone else sees one.
 * Kept as each step's producers, ordered by {@link StepOrder}; {@link #graph()} is the JGraphT graph.
 */
public final class StepGraph {
    private final Pipeline pipeline;
    /** Every step name, in file order, with the steps it reads from in the order its inputs name them. */
    private final Map<String, List<String>> producers;

    private StepGraph(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.producers = producers(pipeline.steps());
    }

    public static StepGraph of(Pipeline pipeline) {
        return new StepGraph(pipeline);
    }

    /** Each step's producers: known steps other than itself (a step reading itself is left to the checks), each once. */
    static Map<String, List<String>> producers(List<Step> steps) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        steps.forEach(s -> out.put(s.name(), new ArrayList<>()));
        for (Step s : steps) {
            List<String> from = out.get(s.name());
            for (Input in : s.inputs()) {
                if (in instanceof Input.FromStep f && out.containsKey(f.step()) && !f.step().equals(s.name())
                        && !from.contains(f.step())) {
                    from.add(f.step());
                }
            }
        }
        return out;
    }

    /** The graph as JGraphT's, for export. */
    public Graph<String, DefaultEdge> graph() {
        return build(producers);
    }

    static Graph<String, DefaultEdge> build(Map<String, List<String>> producers) {
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        producers.keySet().forEach(g::addVertex);
        producers.forEach((step, from) -> from.forEach(p -> g.addEdge(p, step)));
        return g;
    }

    /** Steps in dependency order; among independent steps, file order. */
    public List<Step> topologicalOrder() {
        List<String> names = StepOrder.of(producers).orElseThrow(() ->
                new IllegalStateException("the steps of " + pipeline.file() + " form a cycle, which loading reports"));
        return names.stream().map(name -> pipeline.step(name).orElseThrow()).toList();
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
        List<String> from = producers.get(step);
        if (from == null) {
            throw new IllegalArgumentException("no step '" + step + "' in " + pipeline.file());
        }
        return List.copyOf(from);
    }
}
