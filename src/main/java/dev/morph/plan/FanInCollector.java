package dev.morph.plan;

import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which experiments a fan-in input reads: an experiment is included when its job will run
 * now, or when all its artifacts exist; otherwise it is left out with the reason. A blocked experiment
 * never blocks the global job: blocked does not cross a fan-in.
 */
final class FanInCollector {
    private final ArtifactProbe probe;
    private final Map<JobId, JobPlan> decided;

    FanInCollector(ArtifactProbe probe, Map<JobId, JobPlan> decided) {
        this.probe = probe;
        this.decided = decided;
    }

    FanIn collect(BoundInput input, Planner.Evidence ev) {
        Map<String, List<Source>> byExperiment = new LinkedHashMap<>();
        for (Source s : input.sources()) {
            List<Source> same = byExperiment.get(s.experiment());
            if (same == null) {
                same = new ArrayList<>();
                byExperiment.put(s.experiment(), same);
            }
            same.add(s);
        }
        List<String> included = new ArrayList<>();
        Map<String, String> excluded = new TreeMap<>();
        for (Map.Entry<String, List<Source>> e : byExperiment.entrySet()) {
            List<Source> sources = e.getValue();
            JobPlan producer = decided.get(sources.get(0).producer());
            if (producer != null) {
                ev.upstream.add(producer.id());
            }
            if (producer != null && producer.willRun()) {
                included.add(e.getKey());
                ev.upstreamWillRun.putIfAbsent(producer.id(), producer);
                for (Source s : sources) {
                    seenIfExists(s, ev);
                }
                continue;
            }
            String absent = null;
            for (Source s : sources) {
                if (!probe.observe(s.artifact()).exists()) {
                    absent = s.artifact().display();
                    break;
                }
            }
            if (absent == null) {
                included.add(e.getKey());
                for (Source s : sources) {
                    seenIfExists(s, ev);
                }
            } else if (producer != null && producer.state() == JobState.BLOCKED) {
                excluded.put(e.getKey(), "blocked: missing " + String.join(", ", producer.missing()));
            } else {
                excluded.put(e.getKey(), "missing " + absent);
            }
        }
        if (included.isEmpty()) {
            String example = input.sources().isEmpty() ? input.name() : input.sources().get(0).artifact().display();
            ev.missingInputs.add(input.sources().isEmpty()
                    ? "input '" + input.name() + "' (no experiment)"
                    : "input '" + input.name() + "' from any experiment (e.g. " + example + ")");
        }
        return new FanIn(input.name(), included, excluded);
    }

    private void seenIfExists(Source s, Planner.Evidence ev) {
        Observation o = probe.observe(s.artifact());
        if (o.exists()) {
            ev.seen(o);
        }
    }
}
