package dev.morph.artifact;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers each artifact's observation for one invocation, so an artifact read by many jobs (a
 * stitched image directory feeds three steps) is examined once. Safe for concurrent callers.
 */
public final class ProbeCache implements ArtifactProbe {
    private final ArtifactProbe delegate;
    private final ConcurrentHashMap<Artifact, Observation> seen = new ConcurrentHashMap<>();
    private final AtomicLong probes = new AtomicLong();

    public ProbeCache(ArtifactProbe delegate) {
        this.delegate = delegate;
    }

    @Override
    public Observation observe(Artifact artifact) {
        Observation known = seen.get(artifact);
        if (known != null) {
            return known;
        }
        return seen.computeIfAbsent(artifact, a -> {
            probes.incrementAndGet();
            return delegate.observe(a);
        });
    }

    /** How many artifacts were actually probed. */
    public long probes() {
        return probes.get();
    }
}
