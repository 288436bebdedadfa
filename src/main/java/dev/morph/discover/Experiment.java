package dev.morph.discover;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One experiment found in the data root: its name (the {@code {exp}} capture), the other captures as
 * attributes (e.g. {@code microscope}), the path it was found at, and the date its name starts with.
 */
public record Experiment(String name, Map<String, String> attributes, String path, Optional<LocalDate> date) {
    public Experiment {
        attributes = Map.copyOf(attributes);
    }
}
