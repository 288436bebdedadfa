package dev.morph.pipeline;

import java.util.Locale;

/**
 * How an artifact is examined: a regular file; a directory, which exists when it holds at least one
 * regular file at any depth; or a glob, which exists when it matches at least one regular file.
 */
public enum ArtifactKind {
    FILE, DIR, GLOB;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
