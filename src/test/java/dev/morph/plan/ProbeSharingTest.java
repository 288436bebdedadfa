package dev.morph.plan;

import dev.morph.app.Experiments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.ProbeCache;
import dev.morph.artifact.ProbeWidth;
import dev.morph.discover.Selection;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.app.Invocation;
import dev.morph.discover.Workspace;
import dev.morph.store.StateLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One probe per artifact per plan, whoever reads it — jobs of several steps, fan-in (cohort) jobs
 * reading every experiment, the journal's reasons — on one thread or with the parallel walk; and a
 * plan for some steps reads only what those steps read or write.
 */
class ProbeSharingTest {
    private final Map<Artifact, AtomicInteger> probed = new ConcurrentHashMap<>();

    private Plan plan(Fixture f, Invocation inv, int threads) {
        Workspace ws = f.workspace();
        FileSystemProbe disk = new FileSystemProbe(f.root);
        try (ProbeCache cache = new ProbeCache(a -> {
            probed.computeIfAbsent(a, k -> new AtomicInteger()).incrementAndGet();
            return disk.observe(a);
        }, ProbeWidth.fixed(threads))) {
            Plan plan = inv.planner(ws, cache, new JournalHistory(new Journal(new StateLayout(f.root)))).plan(inv.request(ws));
            assertEquals(probed.size(), cache.probes());
            return plan;
        }
    }

    private static Fixture randomRoot(int seed) {
        Fixture f = new Fixture(PlanComparisonTest.PIPELINE);
        new RandomRoot(f, new Random(seed)).build();
        return f;
    }

    @Test
    void plan_everyStep_probesEachArtifactOnceThoughManyJobsReadIt() {
        for (int threads : List.of(1, 4)) {
            for (int seed = 0; seed < 20; seed++) {
                probed.clear();
                Plan plan = plan(randomRoot(seed), Invocation.status(Experiments.ALL), threads);

                int reads = 0;
                for (JobPlan j : plan.jobs()) {
                    if (j.state() != JobState.NOT_APPLICABLE) {
                        reads += j.job().outputs().size();
                        reads += j.job().inputs().stream().mapToInt(in -> in.sources().size()).sum();
                    }
                }
                probed.forEach((a, n) -> assertEquals(1, n.get(), a + " probed " + n + " times"));
                assertTrue(reads > probed.size(), "artifacts are shared between jobs: " + reads + " reads, " + probed.size() + " probes");
            }
        }
    }

    @Test
    void plan_onlyOneStep_probesOnlyThatStepsArtifacts() {
        for (int threads : List.of(1, 4)) {
            for (int seed = 0; seed < 20; seed++) {
                probed.clear();
                Invocation inv = new Invocation(List.of("b"), true, Selection.ALL, false, List.of(), Map.of(), null);
                Plan plan = plan(randomRoot(seed), inv, threads);

                Set<Artifact> own = new HashSet<>();
                for (JobPlan j : plan.jobs()) {
                    assertEquals("b", j.id().step());
                    own.addAll(j.job().outputs());
                    j.job().inputs().forEach(in -> in.sources().forEach(s -> own.add(s.artifact())));
                }
                assertTrue(own.containsAll(probed.keySet()), "probed beyond step b: " + probed.keySet());
                assertEquals(own.isEmpty(), probed.isEmpty());
            }
        }
    }
}
