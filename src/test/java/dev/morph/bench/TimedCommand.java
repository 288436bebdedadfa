package dev.morph.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command the benchmark times: its argv, working directory and extra environment; whether its
 * output is thrown away (the stat floor's {@code > /dev/null}) or kept for {@code check}, which reads
 * what it answered; and {@code reset}, run untimed before every execution (a fresh state for runs).
 */
public record TimedCommand(String name, List<String> argv, Path workdir, Map<String, String> env, boolean discardOutput,
                           Outcome.Check check, Reset reset) {
    public TimedCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** Untimed preparation before each execution. */
    @FunctionalInterface
    public interface Reset {
        void run() throws Exception;

        Reset NONE = () -> { };
    }

    public static TimedCommand of(String name, List<String> argv, Path workdir, Outcome.Check check) {
        return new TimedCommand(name, argv, workdir, Map.of(), false, check, Reset.NONE);
    }

    public TimedCommand withEnv(Map<String, String> more) {
        return new TimedCommand(name, argv, workdir, more, discardOutput, check, reset);
    }

    /** With {@code JDK_JAVA_OPTIONS} set, and checked to have been picked up by the JVM. */
    public TimedCommand withJavaOptions(String options) {
        return new TimedCommand(name, argv, workdir, Map.of("JDK_JAVA_OPTIONS", options), discardOutput,
                Outcome.withJavaOptions(check), reset);
    }

    public TimedCommand discardingOutput() {
        return new TimedCommand(name, argv, workdir, env, true, check, reset);
    }

    public TimedCommand withReset(Reset r) {
        return new TimedCommand(name, argv, workdir, env, discardOutput, check, r);
    }

    /** The command line as a person would type it (for the report). */
    public String commandLine() {
        StringBuilder s = new StringBuilder();
        env.forEach((k, v) -> s.append(k).append('=').append(v).append(' '));
        for (String a : argv) {
            s.append(a.matches("[A-Za-z0-9._/=,:+@-]+") ? a : "'" + a.replace("'", "'\\''") + "'").append(' ');
        }
        if (discardOutput) {
            s.append("> /dev/null");
        }
        return s.toString().strip();
    }
}
