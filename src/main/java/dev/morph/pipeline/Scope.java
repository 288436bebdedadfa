package dev.morph.pipeline;

import java.util.Locale;

/** Whether a step runs once per experiment or once for the whole data root. */
public enum Scope {
    EXPERIMENT, GLOBAL;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
