package dev.morph.report;

import dev.morph.plan.JobId;

/**
 * Job IDs as morph prints them: {@code build03/20250529_x}, a spelling every shell takes unquoted
 * ({@code build03[20250529_x]}, the form records keep, is a glob in zsh). Both are read everywhere.
 */
public final class JobIds {
    private JobIds() {
    }

    public static String shown(JobId id) {
        return id.shown();
    }

    /** A recorded ID ({@code step[exp]} or {@code step}) as printed. */
    public static String shown(String recorded) {
        return shown(JobId.parse(recorded));
    }
}
