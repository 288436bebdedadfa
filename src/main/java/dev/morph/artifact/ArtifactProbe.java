package dev.morph.artifact;

/**
 * Examines artifacts under a data root. Implementations only read. A planner announces what it is
 * going to ask ({@link #prefetch}) so that an implementation may read ahead in parallel, and closes
 * the probe when it is done so that read-ahead still queued is dropped.
 */
public interface ArtifactProbe extends AutoCloseable {
    Observation observe(Artifact artifact);

    /** A hint: these artifacts will be observed, roughly in this order (repeats allowed). Answers never depend on it. */
    default void prefetch(Iterable<Artifact> artifacts) {
    }

    @Override
    default void close() {
    }
}
