package dev.morph.plan;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names one job: {@code build03[20250529_30hpf_ctrl_atf6]} for a per-experiment step, {@code build04}
 * for a global one ({@code experiment} null).
 */
public record JobId(String step, String experiment) implements Comparable<JobId> {
    private static final Comparator<String> EXPERIMENTS = Comparator.nullsFirst(Comparator.naturalOrder());

    public static JobId global(String step) {
        return new JobId(step, null);
    }

    // Written out, not generated, as for Artifact: ExecutableIT says why (docs/performance.md, "Start-up").
    @Override
    public boolean equals(Object o) {
        return o instanceof JobId other && step.equals(other.step) && Objects.equals(experiment, other.experiment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, experiment);
    }

    public boolean isGlobal() {
        return experiment == null;
    }

    /**
     * Parses {@code step[exp]}, {@code step/exp} or {@code step:exp} (the last two need no quoting in any
     * shell), or {@code step}.
     */
    public static JobId parse(String text) {
        int open = text.indexOf('[');
        if (open > 0 && text.endsWith("]")) {
            return new JobId(text.substring(0, open), text.substring(open + 1, text.length() - 1));
        }
        for (char sep : new char[] {'/', ':'}) {
            int at = text.indexOf(sep);
            if (at > 0 && at < text.length() - 1) {
                return new JobId(text.substring(0, at), text.substring(at + 1));
            }
        }
        return global(text);
    }

    /** As printed for people: {@code build03/20250529_x}, which no shell takes for a glob (records keep {@link #toString()}). */
    public String shown() {
        return experiment == null ? step : step + "/" + experiment;
    }

    @Override
    public String toString() {
        return experiment == null ? step : step + "[" + experiment + "]";
    }

    /** By step, then experiment, a global job (no experiment) first. */
    @Override
    public int compareTo(JobId o) {
        int byStep = step.compareTo(o.step);
        return byStep != 0 ? byStep : EXPERIMENTS.compare(experiment, o.experiment);
    }
}
