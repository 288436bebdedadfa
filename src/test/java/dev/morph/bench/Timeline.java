package dev.morph.bench;

/**
 * The mtimes a generated root gets, in seconds: static inputs at {@link #T0}, the outputs of the step at
 * position {@code i} in dependency order one hour per position later, so every output is newer than what
 * it reads; then one raw input file "re-exported" after everything was built.
 */
public final class Timeline {
    /** 2025-01-01T00:00:00Z. */
    public static final long T0 = 1_735_689_600L;
    private static final long HOUR = 3600;

    private Timeline() {
    }

    public static long input() {
        return T0;
    }

    public static long output(int stepIndex) {
        return T0 + (stepIndex + 1) * HOUR;
    }

    /** Later than every output of a pipeline with {@code steps} steps. */
    public static long touched(int steps) {
        return T0 + (steps + 1) * HOUR;
    }
}
