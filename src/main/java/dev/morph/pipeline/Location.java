package dev.morph.pipeline;

/** Where something was declared: a pipeline file (as the user named it) and a 1-based line. */
public record Location(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
