package dev.morph.artifact;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How one invocation reads artifacts: with a fixed number of threads walking directory trees ({@code
 * --probe-threads}, 1 = only the planner's own), with a number learnt from the file system (the
 * default, see {@link ProbeWidth}), or with the plain {@link ReferenceProbe} instead ({@code
 * MORPH_PROBE=reference}, to check the fast probe's answers on a real data root).
 */
public record ProbeOptions(OptionalInt threads, boolean reference) {
    public static final ProbeOptions DEFAULT = new ProbeOptions(OptionalInt.empty(), false);

    public ProbeOptions {
        if (threads.isPresent() && threads.getAsInt() < 1) {
            throw new IllegalArgumentException("probe threads (" + threads.getAsInt() + ") must be at least 1");
        }
    }

    /** A probe of {@code root} for one invocation; close it when planning is done. */
    public ArtifactProbe open(Path root) {
        if (reference) {
            return new ReferenceProbe(root);
        }
        ProbeWidth width = threads.isPresent() ? ProbeWidth.fixed(threads.getAsInt()) : ProbeWidth.learntFor(root);
        return new ProbeCache(FileSystemProbe.forOnePlan(root), width);
    }
}
