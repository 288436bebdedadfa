package dev.morph.cli;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code morph} command line: builds it, maps exceptions to one-line errors and documented exit
 * codes ({@link ExitCodes}), and runs one command.
 */
public final class Main {
    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    private Main() {
    }

    /** Runs one command and exits; the shipped executable starts the launcher's {@code Morph} instead. */
    public static void main(String[] args) {
        System.exit(runInThisProcess(args));
    }

    /** Runs one command with this process's environment, standard output and error; returns its exit code. */
    public static int runInThisProcess(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        Crash.install(err, List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        int code = run(CliEnvironment.system(), out, err, args);
        out.flush();
        err.flush();
        return code;
    }

    /** Runs one morph command; what tests call, with their own environment and writers. */
    public static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        MorphCommand root = new MorphCommand(environment);
        CommandLine cli = commandLine(root, args);
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    /** The command line for {@code args}: the root with the subcommands they need (settings below then reach those too). */
    static CommandLine commandLine(MorphCommand root, String... args) {
        // picocli looks up its converters for java.sql and java.time types reflectively, per command, unless
        // told not to; morph's options are strings, numbers, booleans and enums
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\..*");
        }
        CommandLine cli = new CommandLine(root.spec);
        for (String name : MorphCommand.subcommandsFor(args)) {
            cli.addSubcommand(name, root.subcommand(name));
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        Errors errors = new Errors(root);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    /**
     * A parser message in the user's words: no argument indexes, no "option option", "unexpected
     * argument" for picocli's "unmatched argument", "missing" for "missing required parameter".
     */
    static String plain(String message) {
        return message
                .replaceAll("option option '", "option '")
                .replaceAll("^Unmatched arguments? from index \\d+: ", "unexpected arguments: ")
                .replaceAll("^Unmatched argument at index \\d+: ", "unexpected argument ")
                .replaceAll("^Unknown options?: ", "unknown option ")
                .replaceAll("^Missing required parameter for option '([^']+)' \\(([^)]+)\\)", "option '$1' needs a value ($2)")
                .replaceAll("^Missing required parameters?: ", "missing ")
                .replaceAll("^Missing required options?: ", "missing option ")
                .replaceAll("^Value for (option '[^']+') \\(([^)]+)\\) should be in KEY=VALUE format but was (.*)$", "$1 takes $2, not $3")
                .replaceAll("^Invalid value for (option '[^']+'): '([^']*)' is not an? (int|long|double)$", "$1 takes a number, not '$2'")
                .replaceAll("^Invalid value for (option '[^']+'): expected one of \\[([^]]*)\\] \\(case-insensitive\\) but was '([^']*)'$",
                        "$1 takes one of $2, not '$3'");
    }

    /** Errors as one {@code morph: error:} line each and a documented exit code; stack traces only with --verbose. */
    private record Errors(MorphCommand root) implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            cmd.getOut().flush();
            int code = ExitCodes.IO_ERROR;
            List<String> lines;
            if (e instanceof MorphException m) {
                code = m.exitCode();
                lines = m.lines();
            } else if (e instanceof UncheckedIOException io) {
                lines = List.of(io.getMessage());
            } else if (e instanceof IOException io) {
                lines = List.of(io.toString());
            } else if (e instanceof InvalidPathException p) {
                code = ExitCodes.USAGE;
                lines = List.of("cannot represent the file name '" + p.getInput() + "' in this locale (" + System.getProperty("sun.jnu.encoding")
                        + "); run morph in a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (the shipped launcher does)");
            } else {
                code = ExitCodes.INTERNAL;
                lines = List.of(Crash.line(e, root.verbose()));
            }
            lines.forEach(l -> err.println("morph: error: " + l));
            if (root.verbose()) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                suggestion = ", did you mean '" + String.join("' or '", u.getSuggestions().subList(0, Math.min(3, u.getSuggestions().size()))) + "'?";
            }
            String message = plain(e.getMessage().replaceAll("\\s+", " ").trim());
            cmd.getErr().println("morph: error: " + message + suggestion + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        }
    }
}
