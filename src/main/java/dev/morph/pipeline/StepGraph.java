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
 * The steps as a graph: an edge {@code a → b} when {@code b} reads an output of {@code a}.
 * A valid pipeline's graph is acyclic; {@link PipelineLoader} reports cycles before anyone else sees one.
 *
 * <p>Held as plain predecessor lists: every command orders the steps, and setting up JGraphT's graph and
 * iterators cost a cold start several milliseconds for a handful of steps. {@link #graph()} builds the
 * JGraphT graph for those who export it.
 */
public final class StepGraph {
    private final Pipeline pipeline;
    /** Every step name, in file order, with the steps it reads from in the order its inputs name them. */
    private final Map<String, List<String>> upstream;
    private Graph<String, DefaultEdge> graph;

    private StepGraph(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.upstream = upstream(pipeline.steps());
    }

    public static StepGraph of(Pipeline pipeline) {
        return new StepGraph(pipeline);
    }

    /** Each step's producers: known steps other than itself, each once, in the order of its inputs. */
    static Map<String, List<String>> upstream(List<Step> steps) {
        Map<String, List<String>> up = new LinkedHashMap<>();
        for (Step s : steps) {
            up.putIfAbsent(s.name(), new ArrayList<>());
        }
        for (Step s : steps) {
            List<String> producers = up.get(s.name());
            for (Input in : s.inputs()) {
                if (in instanceof Input.FromStep f && up.containsKey(f.step()) && !f.step().equals(s.name())
                        && !producers.contains(f.step())) {
                    producers.add(f.step());
                }
            }
        }
        return up;
    }

    /**
     * The step names in dependency order, taking among the steps whose producers are all done the one
     * first in the file; null when there is a cycle.
     */
    static List<String> order(Map<String, List<String>> upstream) {
        List<String> names = new ArrayList<>(upstream.keySet());
        int n = names.size();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String name : names) {
            index.put(name, index.size());
        }
        int[] waiting = new int[n];
        List<List<Integer>> downstream = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            downstream.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (String producer : upstream.get(names.get(i))) {
                waiting[i]++;
                downstream.get(index.get(producer)).add(i);
            }
        }
        boolean[] done = new boolean[n];
        List<String> out = new ArrayList<>(n);
        while (out.size() < n) {
            int next = -1;
            for (int i = 0; i < n && next < 0; i++) {
                if (!done[i] && waiting[i] == 0) {
                    next = i;
                }
            }
            if (next < 0) {
                return null;
            }
            done[next] = true;
            out.add(names.get(next));
            for (int d : downstream.get(next)) {
                waiting[d]--;
            }
        }
        return out;
    }

    /** The graph as JGraphT's, for export. */
    public synchronized Graph<String, DefaultEdge> graph() {
        if (graph == null) {
            graph = build(upstream);
        }
        return graph;
    }

    static Graph<String, DefaultEdge> build(Map<String, List<String>> upstream) {
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (String name : upstream.keySet()) {
            g.addVertex(name);
        }
        for (Map.Entry<String, List<String>> e : upstream.entrySet()) {
            for (String producer : e.getValue()) {
                g.addEdge(producer, e.getKey());
            }
        }
        return g;
    }

    /** Steps in dependency order; among independent steps, file order. */
    public List<Step> topologicalOrder() {
        List<String> names = order(upstream);
        if (names == null) {
            throw new IllegalArgumentException("Graph is not a DAG");
        }
        List<Step> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(pipeline.step(name).orElseThrow());
        }
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

    /** The steps whose outputs {@code step} reads. */
    public List<String> upstreamOf(String step) {
        List<String> producers = upstream.get(step);
        if (producers == null) {
            throw new IllegalArgumentException("no such vertex in graph: " + step);
        }
        return new ArrayList<>(producers);
    }
}
