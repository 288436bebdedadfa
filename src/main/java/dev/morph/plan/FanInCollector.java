package dev.morph.plan;

import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    FanIn collect(BoundInput input, Evidence ev) {
        Map<String, List<Source>> byExperiment = new LinkedHashMap<>();
        for (Source s : input.sources()) {
            byExperiment.computeIfAbsent(s.experiment(), k -> new ArrayList<>()).add(s);
        }
        List<String> included = new ArrayList<>();
        Map<String, FanIn.Exclusion> excluded = new TreeMap<>();
        byExperiment.forEach((experiment, sources) -> {
            JobPlan producer = decided.get(sources.get(0).producer());
            if (producer != null) {
                ev.upstream.add(producer.id());
            }
            if (producer != null && producer.willRun()) {
                included.add(experiment);
                ev.upstreamWillRun.putIfAbsent(producer.id(), producer);
                sources.forEach(s -> seenIfExists(s, ev));
                return;
            }
            Optional<Source> absent = sources.stream().filter(s -> !probe.observe(s.artifact()).exists()).findFirst();
            if (absent.isEmpty()) {
                included.add(experiment);
                sources.forEach(s -> seenIfExists(s, ev));
            } else if (producer != null && producer.state() == JobState.BLOCKED) {
                excluded.put(experiment, new FanIn.Exclusion.Blocked(producer.missing()));
            } else {
                excluded.put(experiment, new FanIn.Exclusion.Missing(absent.get().artifact().display()));
            }
        });
        if (included.isEmpty()) {
            ev.missingInputs.add(input.sources().isEmpty()
                    ? "input '" + input.name() + "' (no experiment)"
                    : "input '" + input.name() + "' from any experiment (e.g. " + input.sources().get(0).artifact().display() + ")");
        }
        return new FanIn(input.name(), included, excluded);
    }

    private void seenIfExists(Source s, Evidence ev) {
        Observation o = probe.observe(s.artifact());
        if (o.exists()) {
            ev.seen(o);
        }
    }
}
