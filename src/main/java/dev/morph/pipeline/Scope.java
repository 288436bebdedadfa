package dev.morph.pipeline;

/** Whether a step runs once per experiment or once for the whole data root. */
public enum Scope {
    EXPERIMENT, GLOBAL;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
