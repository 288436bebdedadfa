package dev.morph.journal;

/**
 * What one attempt used, and what its step asked for, to size requests from: wall time, CPU time (user
 * and system, of the whole process tree), peak memory (resident, of the tree; for Grid Engine its peak
 * virtual memory), and the {@code cpus} and memory requested. Any value may be null: not measured, not
 * requested, or a record written before morph measured.
 */
public record Usage(Long wallMs, Long cpuMs, Long peakBytes, Long cpus, Long memBytes) {
    /** What was measured, nothing requested yet. */
    public static Usage measured(Long wallMs, Long cpuMs, Long peakBytes) {
        return new Usage(wallMs, cpuMs, peakBytes, null, null);
    }

    /** This usage with what the step requested ({@code null}: nothing). */
    public Usage requested(Long cpusRequested, Long memBytesRequested) {
        return new Usage(wallMs, cpuMs, peakBytes, cpusRequested, memBytesRequested);
    }
}
