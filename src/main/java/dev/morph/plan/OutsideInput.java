package dev.morph.plan;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.Observation;
import java.util.List;

/**
 * An input outside the data root, named through a param (model weights in a repository checkout, a
 * Python environment's interpreter): what planning found there and which steps read it. It is probed
 * like any input; reports list it on its own so that nobody mistakes it for a file of the data root.
 */
public record OutsideInput(Artifact artifact, Observation observation, List<String> steps) {
    public OutsideInput {
        steps = List.copyOf(steps);
    }
}
