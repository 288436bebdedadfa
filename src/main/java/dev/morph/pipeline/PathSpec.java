package dev.morph.pipeline;

import java.util.regex.Pattern;

/** A declared artifact path, relative to the data root, with placeholders; and how to examine it. */
public record PathSpec(ArtifactKind kind, Template path) {
    private static final Pattern WILDCARD = Pattern.compile(".*[*?\\[].*");

    /**
     * The kind implied by how a path is written: a trailing {@code /} is a directory, a wildcard
     * ({@code * ? [ }) a glob, anything else a file.
     */
    public static ArtifactKind kindOf(String path) {
        if (path.endsWith("/")) {
            return ArtifactKind.DIR;
        }
        return WILDCARD.matcher(path).matches() ? ArtifactKind.GLOB : ArtifactKind.FILE;
    }
}
