package dev.morph.discover;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.ProbeOptions;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.load.PipelineLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline opened on a data root, with the experiments found there and how artifacts under it are
 * read: what every command starts from. The data root is the one given, else the pipeline's
 * {@code data_root}.
 */
public record Workspace(Pipeline pipeline, Path root, List<Experiment> experiments, ProbeOptions probing,
                        List<ExperimentFinder.Skipped> skipped, String nothingFound) {
    public Workspace {
        experiments = List.copyOf(experiments);
        Objects.requireNonNull(probing, "probing");
        skipped = List.copyOf(skipped);
    }

    public Workspace(Pipeline pipeline, Path root, List<Experiment> experiments) {
        this(pipeline, root, experiments, ProbeOptions.DEFAULT, List.of(), "");
    }

    public Workspace withProbing(ProbeOptions options) {
        return new Workspace(pipeline, root, experiments, options, skipped, nothingFound);
    }

    /**
     * Checks that discovery found experiments: when the pattern matched nothing (a wrong root, one level
     * too deep), a usage error saying what pattern and where, so a run creates nothing there.
     */
    public Workspace requireExperiments() {
        if (experiments.isEmpty()) {
            throw MorphException.usage("no experiments under " + root + ": " + nothingFound
                    + "; check --data-root (or data_root:) and the pipeline's experiments pattern");
        }
        return this;
    }

    /** A fresh probe of the data root for one plan; close it after planning. */
    public ArtifactProbe probe() {
        return probing.open(root);
    }

    /** Loads the pipeline, checks the data root and discovers experiments; only reads. */
    public static Workspace open(Path pipelineFile, Optional<Path> dataRoot) {
        Pipeline pipeline = PipelineLoader.load(pipelineFile);
        Path root = dataRoot.or(pipeline::dataRoot).orElseThrow(() -> MorphException.usage(
                "no data root: pass --data-root DIR, set MORPH_DATA_ROOT, or set data_root: in " + pipelineFile));
        if (!Files.isDirectory(root)) {
            throw MorphException.usage("data root '" + root + "' is not a directory" + (Files.exists(root) ? "" : " (it does not exist)"));
        }
        Path absolute = root.toAbsolutePath().normalize();
        ExperimentFinder.Found found = new ExperimentFinder(pipeline.discovery()).scan(absolute);
        return new Workspace(pipeline, absolute, found.experiments(), ProbeOptions.DEFAULT, found.skipped(), found.nothingFound());
    }

    /**
     * Resolves target names ({@code e2e}, step names, aliases) to step names; {@code e2e} or no
     * target means every step (the empty set). An unknown name is a usage error with close matches.
     */
    public Set<String> targets(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals(Pipeline.E2E)) {
                return Set.of();
            }
            String step = pipeline.step(name).map(Step::name).orElseThrow(() -> {
                List<String> known = new ArrayList<>(pipeline.stepNamesAndAliases());
                known.add(Pipeline.E2E);
                return MorphException.usage("unknown step '" + name + "'" + Suggest.didYouMean(name, known)
                        + " (steps: " + String.join(", ", pipeline.steps().stream().map(Step::name).toList()) + ", or e2e)");
            });
            out.add(step);
        }
        return out;
    }
}
