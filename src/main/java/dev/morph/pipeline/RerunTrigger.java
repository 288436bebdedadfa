package dev.morph.pipeline;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which journal-based staleness reasons apply ({@code --rerun-triggers}). Without a journal record only
 * existence and mtimes count, whatever is selected here.
 */
public enum RerunTrigger {
    MTIME, COMMAND, PARAMS, EXPERIMENTS, INCOMPLETE;

    public static final Set<RerunTrigger> ALL = EnumSet.allOf(RerunTrigger.class);

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses one trigger name; throws {@link IllegalArgumentException} naming the valid ones. */
    public static RerunTrigger parse(String word) {
        for (RerunTrigger t : values()) {
            if (t.word().equals(word.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown rerun trigger '" + word + "' (valid: mtime, command, params, experiments, incomplete)");
    }
}
