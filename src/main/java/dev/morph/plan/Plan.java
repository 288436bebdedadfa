package dev.morph.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * The outcome of planning: every job the request covers, in dependency order (steps in topological
 * order, experiments by name), and the job DAG (an edge {@code a → b} when {@code b} reads what
 * {@code a} writes). A plan is a value: it starts nothing and writes nothing.
 */
public final class Plan {
    private final List<JobPlan> jobs;
    private final Map<JobId, JobPlan> byId = new LinkedHashMap<>();
    private final Graph<JobId, DefaultEdge> dag;
    private final PlanRequest request;

    Plan(List<JobPlan> jobs, Graph<JobId, DefaultEdge> dag, PlanRequest request) {
        this.jobs = List.copyOf(jobs);
        this.dag = dag;
        this.request = request;
        jobs.forEach(j -> byId.put(j.id(), j));
    }

    public List<JobPlan> jobs() {
        return jobs;
    }

    public Optional<JobPlan> job(JobId id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Graph<JobId, DefaultEdge> dag() {
        return dag;
    }

    public PlanRequest request() {
        return request;
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
