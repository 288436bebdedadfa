package dev.morph.artifact;

/** Examines artifacts under a data root. Implementations only read. */
public interface ArtifactProbe {
    Observation observe(Artifact artifact);
}
