package dev.morph.pipeline.load;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.pipeline.Discovery;
import dev.morph.pipeline.ExecutorConfig;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Step;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads and validates a pipeline file. A file may {@code extends:} another to run the same graph with
 * other commands, params, resources or data root (the demo does this with the MorphSeq pipeline), and
 * add steps of its own that read the base's (the cohort steps of {@code morphseq-cohort.yaml}); it cannot
 * change what any of the base's steps read or write. Every problem is reported with file and line.
 */
public final class PipelineLoader {
    static final List<String> TOP_KEYS = List.of("name", "extends", "data_root", "experiments", "params", "steps",
            "rerun_triggers", "resources", "executor", "untracked_params", "env", "setup");
    static final List<String> EXTENDING_KEYS = List.of("name", "extends", "data_root", "params", "steps",
            "rerun_triggers", "resources", "executor", "untracked_params", "env", "setup");

    private PipelineLoader() {
    }

    /** Loads {@code file}; a missing, unreadable or invalid file throws {@link MorphException} with exit code 2. */
    public static Pipeline load(Path file) {
        return load(file, file.toString(), new LinkedHashSet<>());
    }

    private static Pipeline load(Path file, String shown, Set<Path> chain) {
        Path abs = file.toAbsolutePath().normalize();
        if (!chain.add(abs)) {
            throw MorphException.usage(shown + ": 'extends' loops back to a file that extends it");
        }
        Problems problems = new Problems();
        YamlNode root;
        if (Files.isDirectory(file)) {
            throw MorphException.usage("pipeline file '" + shown + "' is a directory; pass the pipeline's YAML file");
        }
        try {
            // read whole and decoded strictly: a file that is not UTF-8 is an error, not replacement characters
            root = new YamlReader(shown, problems).read(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw MorphException.usage("pipeline file '" + shown + "' does not exist; pass --pipeline FILE or set MORPH_PIPELINE");
        } catch (CharacterCodingException e) {
            throw MorphException.usage("pipeline file '" + shown + "' is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new MorphException(ExitCodes.USAGE, "cannot read pipeline file '" + shown + "': " + e.getMessage(), e);
        }
        problems.throwIfAny();
        Tree tree = new Tree(problems);
        YamlNode.Mapping top = tree.mapping(root, "the pipeline file");
        problems.throwIfAny();
        Path dir = abs.getParent();

        Pipeline pipeline;
        if (top.get("extends") != null) {
            tree.onlyKeys(top, "a pipeline file that extends another", EXTENDING_KEYS);
            String baseName = tree.text(top.get("extends"), "'extends'");
            problems.throwIfAny();
            Path basePath = dir.resolve(baseName);
            if (!Files.isRegularFile(basePath)) {
                problems.add(top.get("extends").where(), "'extends' names '" + baseName + "', which does not exist (looked for "
                        + basePath.normalize() + "); paths are relative to this file's directory");
                problems.throwIfAny();
            }
            Pipeline base = load(basePath, shownRelativeTo(shown, baseName), chain);
            pipeline = extend(base, top, tree, file, dir);
        } else {
            tree.onlyKeys(top, "the pipeline file", TOP_KEYS);
            pipeline = parse(top, tree, file, dir);
        }
        problems.throwIfAny();
        return pipeline;
    }

    private static Pipeline parse(YamlNode.Mapping top, Tree tree, Path file, Path dir) {
        Problems problems = tree.problems();
        YamlNode exps = top.get("experiments");
        Discovery discovery = exps == null ? null : DiscoveryParser.parse(exps, tree);
        if (exps == null) {
            problems.add(top.where(), "missing 'experiments:' (how to find experiments, e.g. pattern: raw_image_data/{microscope}/{exp}/)");
        }
        List<String> attributes = discovery == null ? List.of() : discovery.attributes();
        StepParser steps = new StepParser(tree, attributes);
        Map<String, String> params = steps.params(top.get("params"), "params");
        List<Step> parsed = new ArrayList<>();
        YamlNode stepsNode = top.get("steps");
        YamlNode.Mapping stepMap = stepsNode == null ? null : tree.mapping(stepsNode, "'steps'");
        if (stepsNode == null || (stepMap != null && stepMap.entries().isEmpty())) {
            problems.add(stepsNode == null ? top.where() : stepsNode.where(), "the pipeline declares no steps");
        }
        if (stepMap != null) {
            for (YamlNode.Entry e : stepMap.entries().values()) {
                parsed.add(steps.parse(e, dir));
            }
        }
        PlaceholderCheck placeholders = new PlaceholderCheck(problems, attributes, params.keySet());
        parsed.forEach(placeholders::check);
        List<Step> checked = new GraphCheck(problems).check(parsed);
        return new Pipeline(file, name(top, tree, file), dataRoot(top, tree, dir), discovery, params, checked,
                triggers(top.get("rerun_triggers"), tree, RerunTrigger.ALL),
                steps.resources(top.get("resources"), "resources"),
                ExecutorParser.parse(top.get("executor"), tree, true, "executor"),
                untracked(top.get("untracked_params"), tree, params.keySet(), Set.of()),
                steps.environment(top, "the pipeline"));
    }

    private static Pipeline extend(Pipeline base, YamlNode.Mapping top, Tree tree, Path file, Path dir) {
        Problems problems = tree.problems();
        List<String> attributes = base.discovery().attributes();
        StepParser parser = new StepParser(tree, attributes);
        Map<String, String> params = new LinkedHashMap<>(base.params());
        params.putAll(parser.params(top.get("params"), "params"));
        Map<String, Step> steps = new LinkedHashMap<>();
        base.steps().forEach(s -> steps.put(s.name(), s));
        YamlNode stepsNode = top.get("steps");
        YamlNode.Mapping stepMap = stepsNode == null ? null : tree.mapping(stepsNode, "'steps'");
        List<Step> changed = new ArrayList<>();
        boolean added = false;
        if (stepMap != null) {
            for (YamlNode.Entry e : stepMap.entries().values()) {
                Step baseStep = base.step(e.key()).orElse(null);
                YamlNode.Mapping body = tree.mapping(e.value(), "step '" + e.key() + "'");
                if (baseStep == null && body != null && body.get("outputs") == null) {
                    // without outputs it cannot be a new step: most likely a misspelt step to change
                    problems.add(e.keyWhere(), "step '" + e.key() + "' is not in the base pipeline " + base.file()
                            + dev.morph.Suggest.didYouMean(e.key(), base.stepNamesAndAliases())
                            + "; to change a step use its name, to add one declare its outputs");
                } else if (baseStep == null) {
                    Step s = parser.parse(e, dir);
                    steps.put(s.name(), s);
                    changed.add(s);
                    added = true;
                } else if (body != null) {
                    Step s = parser.override(baseStep, body, dir);
                    steps.put(s.name(), s);
                    changed.add(s);
                }
            }
        }
        PlaceholderCheck placeholders = new PlaceholderCheck(problems, attributes, params.keySet());
        changed.forEach(placeholders::check);
        // added steps may read the base's steps (never the other way round): check references, names,
        // producers and cycles over the whole graph again
        List<Step> all = new ArrayList<>(steps.values());
        if (added) {
            all = new GraphCheck(problems).check(all);
        }
        Optional<Path> dataRoot = top.get("data_root") == null ? base.dataRoot() : dataRoot(top, tree, dir);
        Set<RerunTrigger> triggers = triggers(top.get("rerun_triggers"), tree, base.rerunTriggers());
        Resources resources = base.resources().with(parser.resources(top.get("resources"), "resources"));
        String name = top.get("name") == null ? base.name() : name(top, tree, file);
        YamlNode exec = top.get("executor");
        ExecutorConfig executor = exec == null ? base.executor()
                : base.executor().with(ExecutorParser.parse(exec, tree, true, "executor"),
                        exec instanceof YamlNode.Mapping m && m.get("default") != null);
        return new Pipeline(file, name, dataRoot, base.discovery(), params, all, triggers, resources, executor,
                untracked(top.get("untracked_params"), tree, params.keySet(), base.untrackedParams()),
                base.environment().then(parser.environment(top, "the pipeline")));
    }

    private static String name(YamlNode.Mapping top, Tree tree, Path file) {
        if (top.get("name") != null) {
            String n = tree.text(top.get("name"), "'name'");
            if (n != null) {
                return n;
            }
        }
        String f = file.getFileName().toString();
        return f.replaceFirst("\\.ya?ml$", "");
    }

    private static Optional<Path> dataRoot(YamlNode.Mapping top, Tree tree, Path dir) {
        if (top.get("data_root") == null) {
            return Optional.empty();
        }
        String text = tree.text(top.get("data_root"), "'data_root'");
        return text == null ? Optional.empty() : Optional.of(dir.resolve(text).normalize());
    }

    private static Set<RerunTrigger> triggers(YamlNode node, Tree tree, Set<RerunTrigger> fallback) {
        if (node == null) {
            return fallback;
        }
        Set<RerunTrigger> out = new TreeSet<>();
        for (String word : tree.texts(node, "'rerun_triggers'")) {
            try {
                out.add(RerunTrigger.parse(word));
            } catch (IllegalArgumentException e) {
                tree.problems().add(node.where(), e.getMessage());
            }
        }
        return out;
    }

    /** {@code untracked_params:}, names of the pipeline's params, added to {@code inherited}. */
    private static Set<String> untracked(YamlNode node, Tree tree, Set<String> params, Set<String> inherited) {
        Set<String> out = new TreeSet<>(inherited);
        if (node == null) {
            return out;
        }
        for (String name : tree.texts(node, "'untracked_params'")) {
            if (!params.contains(name)) {
                tree.problems().add(node.where(), "untracked_params names '" + name + "', which is not a param of the pipeline"
                        + dev.morph.Suggest.didYouMean(name, params) + "; declare it under params:");
            }
            out.add(name);
        }
        return out;
    }

    /** Shows an extended file the way the user would find it: next to the file that names it. */
    private static String shownRelativeTo(String shown, String baseName) {
        Path parent = Path.of(shown).getParent();
        return parent == null ? baseName : parent.resolve(baseName).normalize().toString();
    }
}
