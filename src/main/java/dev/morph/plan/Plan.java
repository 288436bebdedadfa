package dev.morph.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;

/**
 * The outcome of planning: every job the request covers, in dependency order (steps in topological
 * order, experiments by name), and the job DAG (an edge {@code a → b} when {@code b} reads what
 * {@code a} writes). A plan is a value: it starts nothing and writes nothing.
 */
public final class Plan {
    private final List<JobPlan> jobs;
    private final Map<JobId, JobPlan> byId = new LinkedHashMap<>();
    private final Map<JobId, List<JobId>> upstream;
    private final PlanRequest request;
    private final List<OutsideInput> outsideInputs;
    private Graph<JobId, DefaultEdge> dag;

    /**
     * {@code upstream}: for each job with any, the planned jobs it reads from, in the order the planner met them;
     * {@code outsideInputs}: the inputs outside the data root that the plan's jobs read.
     */
    Plan(List<JobPlan> jobs, Map<JobId, List<JobId>> upstream, PlanRequest request, List<OutsideInput> outsideInputs) {
        this.jobs = List.copyOf(jobs);
        this.upstream = Map.copyOf(upstream);
        this.request = request;
        this.outsideInputs = List.copyOf(outsideInputs);
        jobs.forEach(j -> byId.put(j.id(), j));
    }

    public List<JobPlan> jobs() {
        return jobs;
    }

    public Optional<JobPlan> job(JobId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The planned jobs {@code id} reads from (its incoming edges in {@link #dag()}), in the order met. */
    public List<JobId> upstreamOf(JobId id) {
        return upstream.getOrDefault(id, List.of());
    }

    /**
     * The job graph, built when first asked for: {@code status} and text plans never need it, and at 10⁴
     * experiments it is the larger part of a plan's memory. Jobs are added in plan order, each with
     * its edges, so iteration orders are the same every time.
     */
    public synchronized Graph<JobId, DefaultEdge> dag() {
        if (dag == null) {
            Graph<JobId, DefaultEdge> g = new DirectedAcyclicGraph<>(DefaultEdge.class);
            for (JobPlan j : jobs) {
                g.addVertex(j.id());
                for (JobId up : upstreamOf(j.id())) {
                    g.addEdge(up, j.id());
                }
            }
            dag = g;
        }
        return dag;
    }

    public PlanRequest request() {
        return request;
    }

    /** The inputs outside the data root (named through params) that the plan's jobs read, in path order. */
    public List<OutsideInput> outsideInputs() {
        return outsideInputs;
    }

    public List<JobPlan> inState(JobState state) {
        return jobs.stream().filter(j -> j.state() == state).toList();
    }

    /** The jobs that will run, in execution order. */
    public List<JobPlan> toRun() {
        return inState(JobState.STALE);
    }

    public long count(JobState state) {
        return jobs.stream().filter(j -> j.state() == state).count();
    }
}
