package dev.morph.artifact;

import java.nio.file.Path;

/**
 * How one invocation reads artifacts: with how many threads directory trees are walked ({@code
 * --probe-threads}, 1 = only the planner's own), or with the plain {@link ReferenceProbe} instead
 * ({@code MORPH_PROBE=reference}, to check the fast probe's answers on a real data root).
 */
public record ProbeOptions(int threads, boolean reference) {
    /**
     * Four walkers: on a local disk two cores are kept busy (more gain nothing), on NFS four requests
     * in flight hide most of the round trip without flooding a shared server.
     */
    public static final int DEFAULT_THREADS = 4;
    public static final ProbeOptions DEFAULT = new ProbeOptions(DEFAULT_THREADS, false);

    public ProbeOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("probe threads (" + threads + ") must be at least 1");
        }
    }

    /** A probe of {@code root} for one invocation; close it when planning is done. */
    public ArtifactProbe open(Path root) {
        return reference ? new ReferenceProbe(root) : new ProbeCache(FileSystemProbe.forOnePlan(root), threads);
    }
}
