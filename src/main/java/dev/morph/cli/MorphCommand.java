package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.app.PlanService;
import dev.morph.app.Project;
import dev.morph.pipeline.Durations;
import dev.morph.pipeline.Pipeline;
import dev.morph.report.Style;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code morph} command: global options shared by every subcommand (picocli copies them into
 * each, so they may come before or after the subcommand's name), and the subcommand list
 * ({@link #SUBCOMMANDS}: {@link Main} adds only the one the arguments name, so a command builds only
 * the model it needs).
 */
public final class MorphCommand implements Callable<Integer> {
    static final String PIPELINE_ENV = "MORPH_PIPELINE";
    static final String DATA_ROOT_ENV = "MORPH_DATA_ROOT";
    static final String DEFAULT_PIPELINE = "morph.yaml";
    static final String PROBE_THREADS_ENV = "MORPH_PROBE_THREADS";
    /** {@code reference}: probe with the plain reference probe, to check the fast one. */
    static final String PROBE_ENV = "MORPH_PROBE";

    /** Every subcommand by name, in the order help lists them. */
    static final List<String> SUBCOMMANDS = List.of("status", "plan", "graph", "report", "serve", "run", "touch", "runs", "logs", "help", "completion");

    /** The root options that take a value: their value is never a subcommand name. */
    private static final List<String> OPTIONS_WITH_VALUE = List.of("-p", "--pipeline", "-r", "--data-root");

    final CommandSpec spec;
    private final OptionSpec pipeline;
    private final OptionSpec dataRoot;
    private final OptionSpec noColor;
    private final OptionSpec verbose;
    private final OptionSpec probeThreads;

    final CliEnvironment environment;

    MorphCommand(CliEnvironment environment) {
        this.environment = environment;
        spec = Specs.command("morph", this, "Incremental builds for scientific data pipelines: what is stale, why, and run it.");
        spec.usageMessage().footer("", "Exit codes: 0 ok, 1 a job failed, 2 bad usage or input, 3 I/O error, 130 interrupted.");
        pipeline = global(OptionSpec.builder("-p", "--pipeline").type(String.class).paramLabel("FILE")
                .description("Pipeline file (default: $" + PIPELINE_ENV + ", else ./" + DEFAULT_PIPELINE + ")."));
        dataRoot = global(OptionSpec.builder("-r", "--data-root").type(String.class).paramLabel("DIR")
                .description("Data root (default: $" + DATA_ROOT_ENV + ", else the pipeline's data_root)."));
        noColor = global(OptionSpec.builder("--no-color").type(boolean.class).initialValue(false)
                .description("No colours (also: NO_COLOR set)."));
        verbose = global(OptionSpec.builder("-v", "--verbose").type(boolean.class).initialValue(false)
                .description("More detail: a line for every finished job in run, each job's reasons and command in plan, stack traces with errors."));
        probeThreads = global(OptionSpec.builder("--probe-threads").type(Integer.class).paramLabel("N")
                .description("Threads that walk the data root's directories for status, plan and run (default: $"
                        + PROBE_THREADS_ENV + ", else learnt: " + Project.Probing.LEARNT_START + ", up to " + Project.Probing.LEARNT_LIMIT
                        + " on a slow file system; 1 = no parallel walk)."));
    }

    private OptionSpec global(OptionSpec.Builder option) {
        return Specs.add(spec, option.scopeType(ScopeType.INHERIT));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    boolean verbose() {
        return Specs.isSet(verbose);
    }

    /** The model of subcommand {@code name}, one of {@link #SUBCOMMANDS}, for this root. */
    CommandSpec subcommand(String name) {
        return switch (name) {
            case "status" -> new StatusCommand(this).spec;
            case "plan" -> new PlanCommand(this).spec;
            case "graph" -> new GraphCommand(this).spec;
            case "report" -> new ReportCommand(this).spec;
            case "serve" -> new ServeCommand(this).spec;
            case "run" -> new RunCommand(this).spec;
            case "touch" -> new TouchCommand(this).spec;
            case "runs" -> new RunsCommand(this).spec;
            case "logs" -> new LogsCommand(this).spec;
            case "help" -> new HelpCommand().spec;
            case "completion" -> new CompletionCommand().spec;
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /**
     * The names of the subcommands to build for these arguments: the one they name, else all of them
     * (root help, an unknown name that picocli answers with suggestions, {@code @file} arguments,
     * {@code completion}, whose script covers every command); {@code help X} builds X beside help.
     * The root takes no positional parameters, so its first argument that is not an option or an
     * option's value is the subcommand.
     */
    static Collection<String> subcommandsFor(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                if (a.equals("help") && i + 1 < args.length && SUBCOMMANDS.contains(args[i + 1])) {
                    return List.of(a, args[i + 1]);
                }
                return SUBCOMMANDS.contains(a) && !a.equals("help") && !a.equals("completion") ? List.of(a) : SUBCOMMANDS;
            } else if (a.equals("--")) {
                break;
            }
        }
        return SUBCOMMANDS;
    }

    /** Where this command works: the pipeline file, the data root and how to read it, as the options and environment say. */
    Project project() {
        String given = dataRoot.getValue() != null ? dataRoot.getValue() : environment.get(DATA_ROOT_ENV);
        Optional<Path> root = Optional.ofNullable(given).map(environment.cwd()::resolve);
        return new Project(pipelineFile(), root, probing(), heartbeatExpiry());
    }

    /** How artifacts are read: {@code --probe-threads}, {@code $MORPH_PROBE_THREADS}, {@code $MORPH_PROBE}. */
    private Project.Probing probing() {
        String option = probeThreads.getValue() != null ? "--probe-threads" : PROBE_THREADS_ENV;
        String text = probeThreads.getValue() != null ? probeThreads.getValue().toString()
                : Optional.ofNullable(environment.get(PROBE_THREADS_ENV)).map(String::trim).orElse(null);
        OptionalInt threads = OptionalInt.empty();
        if (text != null) {
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw MorphException.usage(option + " '" + text + "' must be a whole number of threads, at least 1");
            }
            threads = OptionalInt.of(n);
        }
        String kind = environment.get(PROBE_ENV);
        if (kind != null && !kind.equals("reference") && !kind.equals("fast")) {
            throw MorphException.usage(PROBE_ENV + " '" + kind + "' is unknown; use 'fast' (the default) or 'reference'");
        }
        return new Project.Probing(threads, "reference".equals(kind));
    }

    /** Prints warnings (unreadable records, lost runs' jobs) to stderr. */
    void warnings(List<String> warnings) {
        warnings.forEach(w -> spec.commandLine().getErr().println("morph: warning: " + w));
        spec.commandLine().getErr().flush();
    }

    private Path pipelineFile() {
        String given = pipeline.getValue();
        if (given != null) {
            return environment.cwd().resolve(given);
        }
        String fromEnv = environment.get(PIPELINE_ENV);
        if (fromEnv != null) {
            return environment.cwd().resolve(fromEnv);
        }
        Path local = environment.cwd().resolve(DEFAULT_PIPELINE);
        if (!Files.exists(local)) {
            throw MorphException.usage("no pipeline file: pass --pipeline FILE, set " + PIPELINE_ENV + ", or create "
                    + DEFAULT_PIPELINE + " in " + environment.cwd());
        }
        return local;
    }

    /** How long a run's heartbeat may be silent before its locks are taken over ($MORPH_HEARTBEAT_EXPIRY, default 60s). */
    private Duration heartbeatExpiry() {
        String v = environment.get("MORPH_HEARTBEAT_EXPIRY");
        try {
            return v == null ? Project.HEARTBEAT_EXPIRY : Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw MorphException.usage("MORPH_HEARTBEAT_EXPIRY: " + e.getMessage());
        }
    }

    /**
     * Step names, aliases and e2e, for shell completion: read from the pipeline when the completion
     * script is made (none when there is no pipeline file to read).
     */
    Iterable<String> stepNames() {
        return () -> {
            try {
                List<String> names = new ArrayList<>(project().pipeline().stepNamesAndAliases());
                names.add(Pipeline.E2E);
                return names.iterator();
            } catch (RuntimeException e) {
                return Collections.emptyIterator();
            }
        };
    }

    /** The experiment names on the data root, for shell completion (none when it cannot be read). */
    Iterable<String> experimentNames() {
        return () -> {
            try {
                return new PlanService(project()).experimentNames().iterator();
            } catch (RuntimeException e) {
                return Collections.emptyIterator();
            }
        };
    }

    Style style() {
        return Style.of(live(), environment.unicode(), environment.zone());
    }

    /** Whether output may be coloured and redrawn in place: a terminal, not TERM=dumb, no NO_COLOR or --no-color. */
    boolean live() {
        return environment.terminal() && !Specs.isSet(noColor) && environment.get("NO_COLOR") == null
                && !"dumb".equals(environment.get("TERM"));
    }

    /**
     * The version the build wrote into {@code version.txt}; not the jar manifest's, which the launcher's
     * boot class path does not expose.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            String v = null;
            try (InputStream in = MorphCommand.class.getResourceAsStream("version.txt")) {
                if (in != null) {
                    v = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            }
            return new String[] {"morph " + (v == null || v.isEmpty() ? "(development build)" : v)};
        }
    }
}
