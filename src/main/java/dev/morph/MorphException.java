package dev.morph;

import java.util.List;

/**
 * An error the user can act on: carries the process exit code and one or more one-line messages.
 * Thrown by core code for bad input (pipeline files, arguments, data roots); the CLI prints the lines
 * and exits with the code, adding the stack trace only with {@code --verbose}.
 */
public class MorphException extends RuntimeException {
    private final int exitCode;
    private final List<String> lines;

    public MorphException(int exitCode, String message) {
        this(exitCode, List.of(message), null);
    }

    public MorphException(int exitCode, String message, Throwable cause) {
        this(exitCode, List.of(message), cause);
    }

    public MorphException(int exitCode, List<String> lines, Throwable cause) {
        super(String.join("\n", lines), cause);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    /** A usage or input error (exit 2): bad argument, invalid pipeline, unknown name. */
    public static MorphException usage(String message) {
        return new MorphException(ExitCodes.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The message lines, each printed as {@code morph: error: <line>}. */
    public List<String> lines() {
        return lines;
    }
}
