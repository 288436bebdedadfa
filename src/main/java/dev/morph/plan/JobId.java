package dev.morph.plan;

import java.util.Objects;

/**
 * Names one job: {@code build03[20250529_30hpf_ctrl_atf6]} for a per-experiment step, {@code build04}
 * for a global one ({@code experiment} null).
 */
public record JobId(String step, String experiment) implements Comparable<JobId> {
    public static JobId global(String step) {
        return new JobId(step, null);
    }

    public boolean isGlobal() {
        return experiment == null;
    }

    /** Parses {@code step[exp]} or {@code step}. */
    public static JobId parse(String text) {
        int open = text.indexOf('[');
        if (open > 0 && text.endsWith("]")) {
            return new JobId(text.substring(0, open), text.substring(open + 1, text.length() - 1));
        }
        return global(text);
    }

    // Written out with the values a record's own would have: the generated ones cost several
    // milliseconds of method-handle set-up on first use, in every command, and JobId is the key of
    // every job map.
    @Override
    public boolean equals(Object o) {
        return o instanceof JobId other && Objects.equals(step, other.step) && Objects.equals(experiment, other.experiment);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(step) + Objects.hashCode(experiment);
    }

    @Override
    public String toString() {
        return experiment == null ? step : step + "[" + experiment + "]";
    }

    /** By step, then experiment, a global job (no experiment) first; written out for the same reason. */
    @Override
    public int compareTo(JobId o) {
        int byStep = step.compareTo(o.step);
        if (byStep != 0) {
            return byStep;
        }
        if (experiment == null || o.experiment == null) {
            return experiment == null ? (o.experiment == null ? 0 : -1) : 1;
        }
        return experiment.compareTo(o.experiment);
    }
}
