package dev.morph.plan;

import java.util.List;
import java.util.Map;

/**
 * Which experiments a global job's fan-in input reads: those whose artifact exists or whose job is
 * planned now ({@code included}), and the others with why they are left out ({@code excluded}).
 */
public record FanIn(String input, List<String> included, Map<String, String> excluded) {
    public FanIn {
        included = List.copyOf(included);
        excluded = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(excluded));
    }
}
