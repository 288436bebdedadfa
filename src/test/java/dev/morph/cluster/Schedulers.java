package dev.morph.cluster;

import dev.morph.Missing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real schedulers the cluster tests run against ({@code .ci/cluster/*-up.sh} starts them). Without
 * one a test skips with a message saying how to start it; under {@code CI=true} it fails instead, so CI
 * cannot go green without having run them.
 */
final class Schedulers {
    private static final Map<String, Optional<String>> PROBLEMS = new ConcurrentHashMap<>();

    private Schedulers() {
    }

    /** The scheduler {@code kind}, answering; otherwise the calling test is skipped (or, under CI, fails). */
    static BatchSystem require(String kind) {
        BatchSystem batch = BatchSystems.of(kind).orElseThrow();
        Optional<String> problem = PROBLEMS.computeIfAbsent(kind, k -> batch.unavailable());
        if (problem.isPresent()) {
            String why = "no working " + kind + " scheduler here (" + problem.get() + "); start one with: bash .ci/cluster/" + kind + "-up.sh";
            Missing.component("cluster tests on " + kind, "there is " + why);
        }
        return batch;
    }

    /**
     * {@code morph run} arguments for {@code kind} with the quick polling tests want (a real cluster
     * would use the defaults), then {@code more}.
     */
    static String[] run(String kind, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--executor", kind, "--poll-interval", "300ms", "--latency-wait", "3s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * A run ID no other test run shares: {@code name} and a random suffix. Every morph on this machine
     * submits as the same user to the same scheduler, and jobs are found in the queue by their run's ID,
     * so a fixed ID would also see the jobs of the same test run by someone else at the same time.
     */
    static String runId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The scheduler's current state of every job of run {@code runId} it still lists. */
    static Map<String, String> queue(String kind, String runId) {
        try {
            return require(kind).queued().stream().filter(q -> q.token().startsWith(runId + ":"))
                    .collect(java.util.stream.Collectors.toMap(BatchSystem.Queued::id, BatchSystem.Queued::state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jobs of {@code runId} the scheduler still has queued or running. */
    static List<String> active(String kind, String runId) {
        BatchSystem batch = require(kind);
        return queue(kind, runId).entrySet().stream().filter(e -> !batch.finished(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    }

    /** Shell for a job script: the scheduler's ID of the job it runs in (each scheduler sets one of the two). */
    static final String JOB_ID = "$SLURM_JOB_ID$JOB_ID";
}
