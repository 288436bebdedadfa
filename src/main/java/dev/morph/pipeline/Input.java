package dev.morph.pipeline;

import java.util.Optional;

/**
 * A named input of a step: either another step's output ({@code from: sam2.csv}, or {@code from: qc_masks}
 * for all of its outputs) or a static path that no step produces. Dependencies are always explicit.
 */
public sealed interface Input {
    String name();

    Location where();

    record FromStep(String name, String step, Optional<String> output, Location where) implements Input {
        /** {@code sam2.csv}, or {@code qc_masks} when every output is meant. */
        public String reference() {
            return output.map(o -> step + "." + o).orElse(step);
        }
    }

    record Static(String name, PathSpec spec, Location where) implements Input {
    }
}
