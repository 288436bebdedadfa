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
        return hasWildcard(path) ? ArtifactKind.GLOB : ArtifactKind.FILE;
    }

    /**
     * Whether {@code .*[*?\\[].*} matches: a wildcard somewhere, and no line terminator (which {@code .}
     * does not match). Checked by hand: every path of every step comes here at start-up.
     */
    private static boolean hasWildcard(String path) {
        boolean wildcard = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                wildcard = true;
            } else if (RootPaths.isLineTerminator(c)) {
                return false;
            }
        }
        return wildcard;
    }
}
