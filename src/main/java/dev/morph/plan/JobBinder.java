package dev.morph.plan;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.artifact.Artifact;
import dev.morph.discover.Experiment;
import dev.morph.pipeline.Input;
import dev.morph.pipeline.Location;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.PathSpec;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RootPaths;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns steps into jobs: binds path templates to an experiment and the invocation's params, and
 * connects each input to the job that produces it. Output artifacts are bound once per job and shared.
 */
public final class JobBinder {
    private final Pipeline pipeline;
    private final List<Experiment> experiments;
    private final Map<String, String> overrides;
    private final Map<String, Map<String, String>> paramsByStep = new HashMap<>();
    private final Map<String, Map<String, String>> usedByStep = new HashMap<>();
    // step name → experiment name ("" for a global step) → the job's identity and outputs
    private final Map<String, Map<String, Bound>> boundByStep = new HashMap<>();

    /**
     * A job's ID and output artifacts, made once and shared by the job and every source that reads
     * them: at 10⁴ experiments a plan holds ~10⁵ of each, and sharing keeps it small.
     */
    private record Bound(JobId id, List<Artifact> outputs) {
    }

    /** {@code overrides}: {@code --param} values; an unknown param name is a usage error. */
    public JobBinder(Pipeline pipeline, List<Experiment> experiments, Map<String, String> overrides) {
        this.pipeline = pipeline;
        this.experiments = experiments;
        this.overrides = Map.copyOf(overrides);
        Set<String> known = pipeline.paramNames();
        for (String name : overrides.keySet()) {
            if (!known.contains(name)) {
                throw MorphException.usage("unknown param '" + name + "'" + Suggest.didYouMean(name, known)
                        + " (params of this pipeline: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
    }

    public List<Experiment> experiments() {
        return experiments;
    }

    /** Every param value the step sees: pipeline defaults, the step's own, then {@code --param}. */
    public Map<String, String> params(Step step) {
        return paramsByStep.computeIfAbsent(step.name(), n -> {
            Map<String, String> p = new LinkedHashMap<>(pipeline.params());
            p.putAll(step.params());
            overrides.forEach(p::replace); // replace: only the params the step already has
            return p;
        });
    }

    /** The params a step uses, by name: those its templates name, and those it declares itself. Read-only. */
    public Map<String, String> usedParams(Step step) {
        return usedByStep.computeIfAbsent(step.name(), n -> {
            Set<String> used = new TreeSet<>(step.params().keySet());
            step.templates().stream().flatMap(t -> t.placeholders().stream())
                    .filter(p -> p.namespace().equals("params"))
                    .forEach(p -> used.add(p.key()));
            Map<String, String> all = params(step);
            Map<String, String> out = new TreeMap<>();
            used.forEach(k -> out.put(k, all.get(k)));
            return Job.frozen(out);
        });
    }

    public Job bind(Step step, Experiment experiment) {
        Bound bound = bound(step, experiment);
        List<BoundInput> inputs = new ArrayList<>(step.inputs().size());
        for (Input in : step.inputs()) {
            inputs.add(bindInput(step, experiment, in));
        }
        return new Job(bound.id(), step, experiment, usedParams(step), inputs, bound.outputs());
    }

    private BoundInput bindInput(Step step, Experiment experiment, Input in) {
        if (in instanceof Input.Static s) {
            Artifact a = artifact(s.spec(), step, experiment, s.name(), s.where(), true);
            return new BoundInput(in, false, List.of(new Source(a, null, null)));
        }
        Input.FromStep from = (Input.FromStep) in;
        Step producer = pipeline.step(from.step()).orElseThrow();
        List<Source> sources = new ArrayList<>();
        if (producer.isGlobal()) {
            addSources(sources, from, producer, null);
            return new BoundInput(in, false, sources);
        }
        if (!step.isGlobal()) {
            addSources(sources, from, producer, experiment);
            return new BoundInput(in, false, sources);
        }
        for (Experiment e : experiments) {
            if (producer.appliesTo(e.attributes())) {
                addSources(sources, from, producer, e);
            }
        }
        return new BoundInput(in, true, sources);
    }

    private void addSources(List<Source> into, Input.FromStep from, Step producer, Experiment experiment) {
        Bound bound = bound(producer, experiment);
        List<Output> declared = producer.outputs();
        for (int i = 0; i < declared.size(); i++) {
            if (from.output().isEmpty() || from.output().get().equals(declared.get(i).name())) {
                into.add(new Source(bound.outputs().get(i), bound.id(), bound.id().experiment()));
            }
        }
    }

    /** The job's ID and its outputs in declaration order, bound once per job. */
    private Bound bound(Step step, Experiment experiment) {
        Map<String, Bound> byExperiment = boundByStep.computeIfAbsent(step.name(), k -> new HashMap<>());
        String key = experiment == null ? "" : experiment.name();
        Bound known = byExperiment.get(key);
        if (known != null) {
            return known;
        }
        List<Artifact> outputs = new ArrayList<>(step.outputs().size());
        for (Output o : step.outputs()) {
            outputs.add(artifact(o.spec(), step, experiment, o.name(), o.where(), false));
        }
        Bound bound = new Bound(new JobId(step.name(), experiment == null ? null : experiment.name()), List.copyOf(outputs));
        byExperiment.put(key, bound);
        return bound;
    }

    /**
     * The artifact a declared path names for one job. Paths are relative to the data root; an input
     * whose path starts with a param ({@code {params.repo}/...}) may name an absolute place outside it,
     * such as model weights in a repository checkout. Outputs never leave the data root.
     */
    private Artifact artifact(PathSpec spec, Step step, Experiment experiment, String name, Location where, boolean input) {
        Map<String, String> params = params(step);
        String raw = spec.path().renderOne(p -> switch (p.namespace()) {
            case "exp" -> experiment.name();
            case "attr" -> experiment.attributes().getOrDefault(p.key(), "");
            case "params" -> params.get(p.key());
            default -> throw new IllegalStateException("placeholder {" + p.name() + "} in a path passed validation");
        });
        boolean paramRooted = startsWithParam(spec.path());
        if (raw.startsWith("/") && paramRooted) {
            String normal = RootPaths.normalize(raw);
            if (!input) {
                throw refused(spec, step, name, where, input, raw, "is outside the data root; outputs must stay inside it (only inputs may "
                        + "name files elsewhere)");
            }
            if (normal == null || normal.isEmpty()) {
                throw refused(spec, step, name, where, input, raw, "is not a file or directory; check the params it uses");
            }
            return new Artifact(spec.kind(), "/" + normal);
        }
        String normal = RootPaths.escapes(raw) ? null : RootPaths.normalize(raw);
        if (normal == null || normal.isEmpty()) {
            throw refused(spec, step, name, where, input, raw, "is not inside the data root; check the params it uses"
                    + (input && paramRooted ? " (a param naming a place outside the data root must be an absolute path)" : ""));
        }
        return new Artifact(spec.kind(), normal);
    }

    private static MorphException refused(PathSpec spec, Step step, String name, Location where, boolean input, String raw, String why) {
        return MorphException.usage(String.format("%s: step '%s' %s '%s': path '%s' becomes '%s', which %s", where, step.name(),
                input ? "input" : "output", name, spec.path().source(), raw, why));
    }

    private static boolean startsWithParam(Template path) {
        return !path.parts().isEmpty() && path.parts().get(0) instanceof Template.Placeholder p && p.namespace().equals("params");
    }
}
