package dev.morph.app;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.cluster.ClusterRunner;
import dev.morph.cluster.Reattach;
import dev.morph.discover.Workspace;
import dev.morph.journal.Journal;
import dev.morph.journal.Usage;
import dev.morph.plan.JobId;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.FsClock;
import dev.morph.store.StateJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code runs} use cases: the recent runs and one run's record. Both first bring the records up to
 * date: a run whose morph died is recorded {@code failed}/{@code ORCHESTRATOR_LOST}, and its cluster jobs
 * that ended meanwhile are settled from their exit-code files (journal included), while those still
 * running stay for the next run to adopt.
 */
public final class RunHistory {
    /** Names the newest run wherever a run ID is read. */
    public static final String LAST = "last";

    private final Project project;

    public RunHistory(Project project) {
        this.project = project;
    }

    /** The {@code limit} most recent runs, newest first, with warnings about records that could not be read. */
    public Runs recent(int limit) throws IOException {
        Workspace ws = project.open();
        RunStore store = project.runs(ws);
        List<String> warnings = new ArrayList<>();
        store.reconcileAll(settleClusterJobs(ws, store, warnings));
        List<RunState> runs = store.list();
        warnings.addAll(store.warnings());
        return new Runs(runs.subList(0, Math.min(limit, runs.size())), warnings);
    }

    /** One run's record, reconciled (and written back when that changed it); an unknown ID is a usage error. */
    public Shown show(String runId) throws IOException {
        Workspace ws = project.open();
        RunStore store = project.runs(ws);
        RunState run = read(store, runId);
        List<String> warnings = new ArrayList<>();
        RunState now = store.reconciled(run, settleClusterJobs(ws, store, warnings));
        if (now != run) {
            StateJson.writeAtomically(Project.layout(ws).runState(run.runId()), now);
        }
        return new Shown(ws, now, usage(ws, now), warnings);
    }

    /** What each job of {@code run} used, from its journal record, when that record is of this run's last attempt. */
    static Map<String, Usage> usage(Workspace ws, RunState run) {
        Journal journal = Project.journal(ws);
        Map<String, Usage> out = new LinkedHashMap<>();
        for (RunState.JobEntry j : run.jobs()) {
            journal.read(JobId.parse(j.id())).filter(r -> run.runId().equals(r.attempt().runId()) && r.outcome().usage() != null)
                    .ifPresent(r -> out.put(j.id(), r.outcome().usage()));
        }
        return out;
    }

    /**
     * The record of the run {@code given} names as it is on disk: its ID, {@code last} (the newest run) or a
     * prefix of exactly one run's ID. An unknown or ambiguous name is a usage error naming close matches,
     * an unreadable record one that says so.
     */
    static RunState read(RunStore store, String given) {
        Optional<RunState> exact = store.read(given);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<RunState> all = store.list();
        if (given.equals(LAST)) {
            return all.stream().findFirst().orElseThrow(() -> MorphException.usage("no runs yet on this data root, so no 'last' run"));
        }
        List<String> ids = all.stream().map(RunState::runId).toList();
        List<String> matching = ids.stream().filter(id -> id.startsWith(given)).toList();
        if (matching.size() == 1) {
            return store.read(matching.get(0)).orElseThrow();
        }
        if (matching.size() > 1) {
            throw MorphException.usage("'" + given + "' starts " + matching.size() + " run IDs (" + String.join(", ", matching.subList(0,
                    Math.min(5, matching.size()))) + (matching.size() > 5 ? ", …" : "") + "); type more of the one you mean");
        }
        throw MorphException.usage(store.unreadable(given).orElseGet(() -> "no run '" + given + "'" + Suggest.didYouMean(given, ids)
                + "; 'morph runs' lists them, 'last' is the newest"));
    }

    private static Map<String, RunState.JobEntry> settleClusterJobs(Workspace ws, RunStore store, List<String> warnings) throws IOException {
        Reattach reattach = new Reattach(ws, Project.journal(ws), new FsClock(Project.layout(ws)), ClusterRunner.Settings.LATENCY_WAIT,
                warnings::add);
        return reattach.scan(store, null).entries();
    }

    /** Recent runs, newest first, and warnings for the user. */
    public record Runs(List<RunState> runs, List<String> warnings) {
    }

    /** One run's record on its workspace, what its jobs used (by job ID, where measured), and warnings for the user. */
    public record Shown(Workspace workspace, RunState run, Map<String, Usage> usage, List<String> warnings) {
    }
}
