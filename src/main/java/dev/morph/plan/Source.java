package dev.morph.plan;

import dev.morph.artifact.Artifact;

/**
 * One artifact an input reads, with the job that produces it ({@code producer}, null for a static
 * path) and, for a fan-in input, the experiment it belongs to.
 */
public record Source(Artifact artifact, JobId producer, String experiment) {
}
