package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.project.Workspace;
import dev.morph.report.Style;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code morph} command: global options shared by every subcommand, and the subcommand list. */
@Command(name = "morph", mixinStandardHelpOptions = true, versionProvider = MorphCommand.Version.class,
        description = "Incremental builds for scientific data pipelines: what is stale, why, and run it.",
        subcommands = {StatusCommand.class, PlanCommand.class, GraphCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a job failed, 2 bad usage or input, 3 I/O error, 130 interrupted."})
public final class MorphCommand implements Callable<Integer> {
    static final String PIPELINE_ENV = "MORPH_PIPELINE";
    static final String DATA_ROOT_ENV = "MORPH_DATA_ROOT";
    static final String DEFAULT_PIPELINE = "morph.yaml";

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

    final CliEnvironment environment;

    MorphCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Opens the pipeline on the data root, as the options and environment say. */
    Workspace workspace() {
        Path file = pipelineFile();
        Optional<Path> root = Optional.ofNullable(dataRoot != null ? dataRoot : environment.get(DATA_ROOT_ENV))
                .map(r -> environment.cwd().resolve(r));
        return Workspace.open(file, root);
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
