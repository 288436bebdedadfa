package dev.morph.pipeline;

/** A declared artifact path, relative to the data root, with placeholders; and how to examine it. */
public record PathSpec(ArtifactKind kind, Template path) {
    /**
     * The kind implied by how a path is written: a trailing {@code /} is a directory, a wildcard
     * ({@code * ? [ }) a glob, anything else a file.
     */
    public static ArtifactKind kindOf(String path) {
        if (path.endsWith("/")) {
            return ArtifactKind.DIR;
        }
        return path.matches(".*[*?\\[].*") ? ArtifactKind.GLOB : ArtifactKind.FILE;
    }
}
