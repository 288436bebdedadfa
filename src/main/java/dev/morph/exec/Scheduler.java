package dev.morph.exec;

import dev.morph.plan.JobId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Which jobs of a run may start: a job is ready when every job it depends on in this run has
 * succeeded. When a job ends without success, everything downstream of it is skipped. Pure
 * bookkeeping in plan order; starts nothing itself.
 */
public final class Scheduler {
    private final Graph<JobId, DefaultEdge> dag;
    private final Map<JobId, Integer> waitingOn = new HashMap<>();
    private final Map<JobId, Integer> order = new LinkedHashMap<>();
    /** Kept in plan order, so that asking for the ready jobs after every event costs no sort. */
    private final Set<JobId> ready = new TreeSet<>(Comparator.comparingInt(order::get));
    private final Set<JobId> open = new LinkedHashSet<>();
    /** Started (or held in a scheduler's queue) and not settled: never ready again unless retried or withdrawn. */
    private final Set<JobId> begun = new HashSet<>();

    /** @param jobs the jobs to run, in plan order; {@code dag} may hold other (up-to-date) jobs too */
    public Scheduler(List<JobId> jobs, Graph<JobId, DefaultEdge> dag) {
        this.dag = dag;
        Set<JobId> inRun = new LinkedHashSet<>(jobs);
        for (JobId j : jobs) {
            order.put(j, order.size());
            open.add(j);
            int n = 0;
            for (DefaultEdge e : dag.incomingEdgesOf(j)) {
                if (inRun.contains(dag.getEdgeSource(e))) {
                    n++;
                }
            }
            waitingOn.put(j, n);
            if (n == 0) {
                ready.add(j);
            }
        }
    }

    /** Ready jobs in plan order. */
    public List<JobId> ready() {
        return new ArrayList<>(ready);
    }

    public boolean hasReady() {
        return !ready.isEmpty();
    }

    public void started(JobId job) {
        ready.remove(job);
        begun.add(job);
    }

    /** A retried job goes back to the ready set. */
    public void retry(JobId job) {
        begun.remove(job);
        ready.add(job);
    }

    /** Open jobs neither ready nor started, in plan order: they wait for upstream jobs of this run. */
    public List<JobId> waiting() {
        return open.stream().filter(j -> !ready.contains(j) && !begun.contains(j)).toList();
    }

    /** The jobs of this run that {@code job} depends on and that have not succeeded. */
    public List<JobId> pendingUpstream(JobId job) {
        return dag.incomingEdgesOf(job).stream().map(dag::getEdgeSource).filter(open::contains).toList();
    }

    /** A job started ahead of its upstream jobs (held on them) waits again, as if never started. */
    public void withdraw(JobId job) {
        if (begun.remove(job) && open.contains(job) && waitingOn.get(job) == 0) {
            ready.add(job);
        }
    }

    /** Marks success; returns the jobs that became ready. */
    public List<JobId> succeeded(JobId job) {
        open.remove(job);
        begun.remove(job);
        List<JobId> now = new ArrayList<>();
        for (DefaultEdge e : dag.outgoingEdgesOf(job)) {
            JobId next = dag.getEdgeTarget(e);
            if (open.contains(next) && waitingOn.merge(next, -1, Integer::sum) == 0 && !begun.contains(next)) {
                ready.add(next);
                now.add(next);
            }
        }
        return now;
    }

    /** Marks a job as ended without success; returns the downstream jobs now skipped, in plan order. */
    public List<JobId> failed(JobId job) {
        open.remove(job);
        ready.remove(job);
        List<JobId> skipped = new ArrayList<>();
        List<JobId> todo = new ArrayList<>(List.of(job));
        while (!todo.isEmpty()) {
            JobId j = todo.remove(todo.size() - 1);
            for (DefaultEdge e : dag.outgoingEdgesOf(j)) {
                JobId next = dag.getEdgeTarget(e);
                if (open.remove(next)) {
                    ready.remove(next);
                    skipped.add(next);
                    todo.add(next);
                }
            }
        }
        skipped.sort((a, b) -> Integer.compare(order.get(a), order.get(b)));
        return skipped;
    }

    /** Removes every job not yet started (fail-fast, interrupt); returns them in plan order. */
    public List<JobId> drain(Set<JobId> running) {
        List<JobId> out = new ArrayList<>();
        for (JobId j : new ArrayList<>(open)) {
            if (!running.contains(j)) {
                open.remove(j);
                ready.remove(j);
                out.add(j);
            }
        }
        return out;
    }

    public boolean hasOpen() {
        return !open.isEmpty();
    }
}
