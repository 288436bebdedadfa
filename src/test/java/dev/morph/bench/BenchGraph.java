package dev.morph.bench;

import dev.morph.pipeline.ArtifactKind;
import dev.morph.pipeline.Discovery;
import dev.morph.pipeline.Input;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.PathSpec;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RootPaths;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.pipeline.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The job graph a pipeline has on a generated data root: {@code n} experiments, named and given attribute
 * values in a fixed order, and every job with the artifacts it reads and writes expanded to files (a
 * directory or glob artifact stands for {@code filesPerDir} files). It is the bench's own reading of the
 * pipeline's YAML model — it does not use morph's binder or planner — so that the generated root, the
 * peers' build files and the expected answer can be checked against morph's planner rather than copied
 * from it.
 */
public final class BenchGraph {
    /** A generated experiment: its name, attribute values and discovery directory (relative, no trailing slash). */
    public record Exp(String name, Map<String, String> attributes, String dir) {
    }

    /** One artifact of one job, with the files that make it up on a generated root. */
    public record FileSet(ArtifactKind kind, String path, List<String> files) {
        public FileSet {
            files = List.copyOf(files);
        }
    }

    /**
     * One job: {@code step[exp]}, or {@code step} for a global step; its inputs and outputs, and the jobs
     * producing its inputs. {@code stepIndex} is the step's position in dependency order.
     */
    public record JobNode(String id, String step, String experiment, int stepIndex, List<FileSet> inputs,
                          List<FileSet> outputs, List<String> upstream) {
        public JobNode {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            upstream = List.copyOf(upstream);
        }
    }

    private final Pipeline pipeline;
    private final int filesPerDir;
    private final List<Step> stepOrder;
    private final List<Exp> experiments = new ArrayList<>();
    private final List<JobNode> jobs = new ArrayList<>();
    private final Map<String, JobNode> byId = new HashMap<>();
    private final Map<String, JobNode> producers = new HashMap<>();

    private BenchGraph(Pipeline pipeline, int experimentCount, int filesPerDir) {
        if (experimentCount < 1 || filesPerDir < 1) {
            throw new IllegalArgumentException("experiments (" + experimentCount + ") and files per directory ("
                    + filesPerDir + ") must be positive");
        }
        this.pipeline = pipeline;
        this.filesPerDir = filesPerDir;
        this.stepOrder = StepGraph.of(pipeline).topologicalOrder();
        for (int i = 0; i < experimentCount; i++) {
            experiments.add(experiment(pipeline.discovery(), i));
        }
        for (int s = 0; s < stepOrder.size(); s++) {
            Step step = stepOrder.get(s);
            if (step.isGlobal()) {
                add(bind(step, s, null));
                continue;
            }
            for (Exp e : experiments) {
                if (step.appliesTo(e.attributes())) {
                    add(bind(step, s, e));
                }
            }
        }
    }

    public static BenchGraph of(Pipeline pipeline, int experiments, int filesPerDir) {
        return new BenchGraph(pipeline, experiments, filesPerDir);
    }

    /** Experiment {@code i}: sortable names that start with a date, as MorphSeq's do. */
    public static String experimentName(int i) {
        return String.format("20250101_e%05d", i);
    }

    /** The name of file {@code i} inside a directory artifact (or the text a glob's wildcards become). */
    public static String fileName(int i) {
        return String.format("f%05d", i);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public int filesPerDir() {
        return filesPerDir;
    }

    public List<Step> stepOrder() {
        return stepOrder;
    }

    public List<Exp> experiments() {
        return experiments;
    }

    /** Every job, steps in dependency order, experiments in name order. */
    public List<JobNode> jobs() {
        return jobs;
    }

    public JobNode job(String id) {
        return byId.get(id);
    }

    /** The index in {@link #stepOrder()} of a step named by name. */
    public int stepIndex(String name) {
        for (int i = 0; i < stepOrder.size(); i++) {
            if (stepOrder.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no step '" + name + "' in " + pipeline.name());
    }

    /** The outputs that no job reads: what a Makefile's {@code all} and snakemake's {@code rule all} ask for. */
    public List<FileSet> leafOutputs() {
        Set<String> read = new HashSet<>();
        jobs.forEach(j -> j.inputs().forEach(in -> read.add(in.path())));
        List<FileSet> out = new ArrayList<>();
        for (JobNode j : jobs) {
            j.outputs().stream().filter(o -> !read.contains(o.path())).forEach(out::add);
        }
        return out;
    }

    /** How many regular files the generator writes when the first {@code builtSteps} steps are built. */
    public long fileCount(int builtSteps) {
        Set<String> artifacts = new HashSet<>();
        long count = 0;
        for (JobNode j : jobs) {
            for (FileSet in : j.inputs()) {
                if (producer(in) == null && artifacts.add(in.path())) {
                    count += in.files().size();
                }
            }
            if (j.stepIndex() < builtSteps) {
                for (FileSet o : j.outputs()) {
                    if (artifacts.add(o.path())) {
                        count += o.files().size();
                    }
                }
            }
        }
        return count;
    }

    /** The job writing this artifact, or null for a static input. */
    public JobNode producer(FileSet artifact) {
        return producers.get(artifact.path());
    }

    private void add(JobNode job) {
        jobs.add(job);
        byId.put(job.id(), job);
        job.outputs().forEach(o -> producers.put(o.path(), job));
    }

    private JobNode bind(Step step, int index, Exp e) {
        Map<String, FileSet> inputs = new LinkedHashMap<>();
        Set<String> upstream = new LinkedHashSet<>();
        for (Input in : step.inputs()) {
            if (in instanceof Input.Static s) {
                FileSet f = fileSet(s.spec(), step, e);
                inputs.putIfAbsent(f.path(), f);
                continue;
            }
            Input.FromStep from = (Input.FromStep) in;
            Step producer = pipeline.step(from.step()).orElseThrow();
            List<Exp> sources = producer.isGlobal() ? java.util.Collections.singletonList(null)
                    : !step.isGlobal() ? List.of(e)
                    : experiments.stream().filter(x -> producer.appliesTo(x.attributes())).toList();
            for (Exp source : sources) {
                String producerId = id(producer, source);
                if (!byId.containsKey(producerId)) {
                    continue; // the producer does not apply to this experiment: nothing to read
                }
                upstream.add(producerId);
                for (Output o : producer.outputs()) {
                    if (from.output().isEmpty() || from.output().get().equals(o.name())) {
                        FileSet f = fileSet(o.spec(), producer, source);
                        inputs.putIfAbsent(f.path(), f);
                    }
                }
            }
        }
        List<FileSet> outputs = step.outputs().stream().map(o -> fileSet(o.spec(), step, e)).toList();
        return new JobNode(id(step, e), step.name(), e == null ? null : e.name(), index, List.copyOf(inputs.values()),
                outputs, List.copyOf(upstream));
    }

    private static String id(Step step, Exp e) {
        return e == null || step.isGlobal() ? step.name() : step.name() + "[" + e.name() + "]";
    }

    private FileSet fileSet(PathSpec spec, Step step, Exp e) {
        Map<String, String> params = new LinkedHashMap<>(pipeline.params());
        params.putAll(step.params());
        String raw = spec.path().renderOne(p -> switch (p.namespace()) {
            case "exp" -> e.name();
            case "attr" -> e.attributes().getOrDefault(p.key(), "");
            case "params" -> params.get(p.key());
            default -> throw new IllegalArgumentException("placeholder {" + p.name() + "} in a path");
        });
        String path = RootPaths.escapes(raw) ? null : RootPaths.normalize(raw);
        if (path == null) {
            throw new IllegalArgumentException("step " + step.name() + ": '" + raw + "' is outside the data root, and the "
                    + "generator writes only inside it; give the pipeline params that keep it inside (see src/bench/morphseq.yaml)");
        }
        List<String> files = new ArrayList<>(spec.kind() == ArtifactKind.FILE ? 1 : filesPerDir);
        switch (spec.kind()) {
            case FILE -> files.add(path);
            case DIR -> {
                for (int i = 0; i < filesPerDir; i++) {
                    files.add(path + "/" + fileName(i));
                }
            }
            case GLOB -> {
                if (path.contains("**") || path.contains("[")) {
                    throw new IllegalArgumentException("the generator makes files for globs with *, ? and {a,b} only: " + path);
                }
                String first = firstAlternatives(path);
                for (int i = 0; i < filesPerDir; i++) {
                    files.add(first.replace("*", fileName(i)).replace("?", "x"));
                }
            }
        }
        return new FileSet(spec.kind(), path, files);
    }

    /** A glob's brace groups replaced by their first alternatives ({@code {well,plate}_metadata → well_metadata}): the files generated for it. */
    static String firstAlternatives(String glob) {
        return glob.replaceAll("\\{([^{},]*)(,[^{}]*)?}", "$1");
    }

    /** Attribute values cycle through each capture's allowed values, sorted; a capture without values gets "a". */
    private static Exp experiment(Discovery discovery, int i) {
        String name = experimentName(i);
        Map<String, String> attributes = new TreeMap<>();
        for (String attribute : discovery.attributes()) {
            List<String> allowed = new ArrayList<>(new TreeSet<>(discovery.values().getOrDefault(attribute, Set.of("a"))));
            attributes.put(attribute, allowed.get(i % allowed.size()));
        }
        String dir = Template.parse(discovery.pattern()).renderOne(p -> p.name().equals(Discovery.EXP) ? name : attributes.get(p.name()));
        return new Exp(name, Map.copyOf(attributes), RootPaths.normalize(dir));
    }
}
