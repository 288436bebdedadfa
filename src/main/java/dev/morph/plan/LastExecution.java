package dev.morph.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of a job's last execution, as the planner's journal rules need it: how it ended
 * ({@code status} as the journal words it, and whether that is success), its run, and what its outputs
 * were built from — the step's command template, the params, a fan-in job's experiments, the newest
 * input mtime when it started, and its start (file-system times in ns). A part a record did not keep is
 * empty, and the rule that needs it does not apply. Values are the record's, nulls inside included.
 */
public record LastExecution(String status, boolean succeeded, String runId, long startedNs, long newestInputNs,
                            Optional<List<String>> commandTemplate, Optional<Map<String, String>> params,
                            Optional<List<String>> experiments) {
    public LastExecution {
        // copies that keep a null a hand-edited record may hold, which List.copyOf and Map.copyOf refuse
        commandTemplate = commandTemplate.map(c -> c.stream().toList());
        params = params.map(p -> Collections.unmodifiableMap(new LinkedHashMap<>(p)));
        experiments = experiments.map(e -> e.stream().toList());
    }
}
