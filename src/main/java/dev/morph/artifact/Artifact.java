package dev.morph.artifact;

import dev.morph.pipeline.ArtifactKind;
import java.util.Objects;

/**
 * One concrete artifact: a kind and a normalised path relative to the data root, with {@code /}
 * separators and no trailing slash — or, for an input outside the data root (model weights in a
 * repository checkout, named through a param), an absolute normalised path. Equal artifacts are probed
 * once and shared by every job.
 */
public record Artifact(ArtifactKind kind, String path) {
    /** Whether this is an input outside the data root: its path is absolute. Outputs never are. */
    public boolean outside() {
        return path.startsWith("/");
    }

    /** The path as users write it: a directory with a trailing {@code /}. */
    public String display() {
        return kind == ArtifactKind.DIR ? path + "/" : path;
    }

    // Written out, not generated, as for JobId: ExecutableIT says why (docs/performance.md, "Start-up").
    @Override
    public boolean equals(Object o) {
        return o instanceof Artifact other && kind == other.kind && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, path);
    }

    @Override
    public String toString() {
        return display();
    }
}
