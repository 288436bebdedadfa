package dev.morph.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which experiments a global job's fan-in input reads: those whose artifact exists or whose job is
 * planned now ({@code included}), and the others, by name, with why each is left out ({@code excluded}).
 */
public record FanIn(String input, List<String> included, Map<String, Exclusion> excluded) {
    public FanIn {
        included = List.copyOf(included);
        excluded = Collections.unmodifiableMap(new TreeMap<>(excluded));
    }

    /** Why an experiment is left out of a fan-in input. */
    public sealed interface Exclusion {
        /** Its job is not planned to run and its artifact {@code path} does not exist. */
        record Missing(String path) implements Exclusion {
        }

        /** Its job is blocked, for want of the {@code missing} input paths. */
        record Blocked(List<String> missing) implements Exclusion {
            public Blocked {
                missing = List.copyOf(missing);
            }
        }
    }
}
