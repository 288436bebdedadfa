package dev.morph.pipeline;

import java.util.List;

/**
 * A step's command: an argv template run without a shell, or (written as one string in the pipeline
 * file) a shell script run with {@code sh -c}, whose placeholder values are shell-quoted.
 */
public record Command(List<Template> argv, boolean shell, Location where) {
    public Command {
        argv = List.copyOf(argv);
    }
}
