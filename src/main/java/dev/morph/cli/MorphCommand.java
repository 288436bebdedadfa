package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.artifact.ProbeOptions;
import dev.morph.project.Workspace;
import dev.morph.report.Style;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code morph} command: global options shared by every subcommand, and the subcommand list
 * ({@link #SUBCOMMANDS}, added by {@link Main} rather than listed in the annotation, so that a command
 * builds only the model it needs).
 */
@Command(name = "morph", mixinStandardHelpOptions = true, versionProvider = MorphCommand.Version.class,
        description = "Incremental builds for scientific data pipelines: what is stale, why, and run it.",
        footer = {"", "Exit codes: 0 ok, 1 a job failed, 2 bad usage or input, 3 I/O error, 130 interrupted."})
public final class MorphCommand implements Callable<Integer> {
    static final String PIPELINE_ENV = "MORPH_PIPELINE";
    static final String DATA_ROOT_ENV = "MORPH_DATA_ROOT";
    static final String DEFAULT_PIPELINE = "morph.yaml";
    static final String PROBE_THREADS_ENV = "MORPH_PROBE_THREADS";
    /** {@code reference}: probe with the plain {@link dev.morph.artifact.ReferenceProbe}, to check the fast one. */
    static final String PROBE_ENV = "MORPH_PROBE";

    /** Every subcommand by its {@code @Command} name, in the order help lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(StatusCommand.class, "status", PlanCommand.class, "plan",
            GraphCommand.class, "graph", RunCommand.class, "run", RunsCommand.class, "runs", LogsCommand.class, "logs");

    /** The root options that take a value: their value is never a subcommand name. */
    private static final List<String> OPTIONS_WITH_VALUE = List.of("-p", "--pipeline", "-r", "--data-root");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--pipeline"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Pipeline file (default: $" + PIPELINE_ENV + ", else ./" + DEFAULT_PIPELINE + ").")
    String pipeline;

    @Option(names = {"-r", "--data-root"}, scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data root (default: $" + DATA_ROOT_ENV + ", else the pipeline's data_root).")
    String dataRoot;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours (also: NO_COLOR set).")
    boolean noColor;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces with errors.")
    boolean verbose;

    @Option(names = "--probe-threads", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Threads that walk the data root's directories for status, plan and run (default: $"
                    + PROBE_THREADS_ENV + ", else " + ProbeOptions.DEFAULT_THREADS + "; 1 = no parallel walk).")
    Integer probeThreads;

    final CliEnvironment environment;

    MorphCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    private static Map<String, Class<?>> subcommands(Object... classAndName) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (int i = 0; i < classAndName.length; i += 2) {
            out.put((String) classAndName[i + 1], (Class<?>) classAndName[i]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The subcommands to build for these arguments: the one they name, else all of them (root help,
     * an unknown name that picocli answers with suggestions, {@code @file} arguments). picocli reads
     * each command's annotations reflectively, and the commands not run were a large share of start-up.
     * The root takes no positional parameters, so its first argument that is not an option or an
     * option's value is the subcommand.
     */
    static java.util.Collection<Class<?>> subcommandsFor(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                Class<?> named = SUBCOMMANDS.get(a);
                return named == null ? SUBCOMMANDS.values() : List.of(named);
            } else if (a.equals("--")) {
                break;
            }
        }
        return SUBCOMMANDS.values();
    }

    /** Opens the pipeline on the data root, as the options and environment say. */
    Workspace workspace() {
        Path file = pipelineFile();
        Optional<Path> root = Optional.ofNullable(dataRoot != null ? dataRoot : environment.get(DATA_ROOT_ENV))
                .map(r -> environment.cwd().resolve(r));
        return Workspace.open(file, root).withProbing(probing());
    }

    /** How artifacts are read: {@code --probe-threads}, {@code $MORPH_PROBE_THREADS}, {@code $MORPH_PROBE}. */
    ProbeOptions probing() {
        int threads = ProbeOptions.DEFAULT_THREADS;
        String option = "--probe-threads";
        String text = probeThreads != null ? probeThreads.toString() : null;
        if (text == null && environment.get(PROBE_THREADS_ENV) != null) {
            option = PROBE_THREADS_ENV;
            text = environment.get(PROBE_THREADS_ENV).trim();
        }
        if (text != null) {
            try {
                threads = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                threads = 0;
            }
            if (threads < 1) {
                throw MorphException.usage(option + " '" + text + "' must be a whole number of threads, at least 1");
            }
        }
        String kind = environment.get(PROBE_ENV);
        if (kind != null && !kind.equals("reference") && !kind.equals("fast")) {
            throw MorphException.usage(PROBE_ENV + " '" + kind + "' is unknown; use 'fast' (the default) or 'reference'");
        }
        return new ProbeOptions(threads, "reference".equals(kind));
    }

    /** The data root's journal; read-only. */
    dev.morph.journal.Journal journal(Workspace ws) {
        return new dev.morph.journal.Journal(new dev.morph.state.StateLayout(ws.root()));
    }

    /** Prints the journal's warnings (unreadable records) to stderr. */
    void warnings(java.util.List<String> warnings) {
        warnings.forEach(w -> spec.commandLine().getErr().println("morph: warning: " + w));
        spec.commandLine().getErr().flush();
    }

    /** Loads just the pipeline, for commands that need no data root. */
    dev.morph.pipeline.Pipeline pipelineOnly() {
        return dev.morph.pipeline.PipelineLoader.load(pipelineFile());
    }

    private Path pipelineFile() {
        if (pipeline != null) {
            return environment.cwd().resolve(pipeline);
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
    java.time.Duration heartbeatExpiry() {
        String v = environment.get("MORPH_HEARTBEAT_EXPIRY");
        try {
            return v == null ? java.time.Duration.ofSeconds(60) : dev.morph.pipeline.Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw MorphException.usage("MORPH_HEARTBEAT_EXPIRY: " + e.getMessage());
        }
    }

    Style style() {
        boolean color = environment.terminal() && !noColor && environment.get("NO_COLOR") == null
                && !"dumb".equals(environment.get("TERM"));
        return new Style(color, environment.unicode(), environment.zone());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MorphCommand.class.getPackage().getImplementationVersion();
            return new String[] {"morph " + (v == null ? "(development build)" : v)};
        }
    }
}
