package dev.morph.pipeline.load;

import dev.morph.pipeline.ArtifactKind;
import dev.morph.pipeline.ClusterOptions;
import dev.morph.pipeline.Command;
import dev.morph.pipeline.Durations;
import dev.morph.pipeline.Input;
import dev.morph.pipeline.JobEnvironment;
import dev.morph.pipeline.Location;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.PathSpec;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Scope;
import dev.morph.pipeline.ShellContexts;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads one step of a pipeline file, and the per-step overrides of a file that {@code extends} another. */
final class StepParser {
    static final List<String> STEP_KEYS = List.of("aliases", "scope", "inputs", "outputs", "command", "workdir",
            "params", "resources", "timeout", "when", "executor", "env", "setup");
    /** What a file extending another may change: how a step runs, never what it reads or writes. */
    static final List<String> OVERRIDE_KEYS = List.of("command", "workdir", "params", "resources", "timeout", "executor", "env", "setup");
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Tree tree;
    private final Problems problems;
    private final List<String> attributes;

    /** {@code attributes}: the experiment attributes discovery yields, which {@code when} may test. */
    StepParser(Tree tree, List<String> attributes) {
        this.tree = tree;
        this.problems = tree.problems();
        this.attributes = List.copyOf(attributes);
    }

    Step parse(YamlNode.Entry entry, Path baseDir) {
        String name = entry.key();
        Location where = entry.keyWhere();
        if (!STEP_NAME.matcher(name).matches()) {
            problems.add(where, "step name '" + name + "' may hold only letters, digits, '_', '.' and '-'");
        }
        YamlNode.Mapping body = tree.mapping(entry.value(), "step '" + name + "'");
        if (body == null) {
            body = new YamlNode.Mapping(Map.of(), where);
        }
        tree.onlyKeys(body, "step '" + name + "'", STEP_KEYS);
        String what = "step '" + name + "'";
        List<String> aliases = body.get("aliases") == null ? List.of() : tree.texts(body.get("aliases"), what + " aliases");
        Scope scope = scope(body.get("scope"), what);
        List<Input> inputs = inputs(body.get("inputs"), what);
        List<Output> outputs = outputs(body.get("outputs"), what, where);
        Command command = command(body.get("command"), what, where);
        return new Step(name, aliases, scope, inputs, outputs,
                command,
                template(body.get("workdir"), what + " workdir"),
                baseDir,
                params(body.get("params"), what + " params"),
                resources(body.get("resources"), what + " resources"),
                timeout(body.get("timeout"), what),
                when(body.get("when"), what),
                where,
                ExecutorParser.parse(clusterSettings(body.get("executor")), tree, false, what + " executor").clusters(),
                environment(body, what),
                local(body.get("executor"), what));
    }

    /** A step's {@code executor: local}; any other single value is a mistake. */
    private boolean local(YamlNode executor, String what) {
        if (executor instanceof YamlNode.Scalar s) {
            if (!"local".equals(s.value())) {
                problems.add(s.where(), what + " executor '" + s.value() + "' must be local (to run it locally in a cluster run) "
                        + "or a mapping of slurm/sge settings");
            }
            return true;
        }
        return false;
    }

    /** The step's scheduler settings: its {@code executor:} mapping, none for {@code executor: local}. */
    private static YamlNode clusterSettings(YamlNode executor) {
        return executor instanceof YamlNode.Scalar ? null : executor;
    }

    /** The {@code env:} and {@code setup:} of a step, or of the pipeline ({@code body}: its top level). */
    JobEnvironment environment(YamlNode.Mapping body, String what) {
        Map<String, String> env = new LinkedHashMap<>();
        params(body.get("env"), what + " env").forEach(env::put);
        List<String> setup = body.get("setup") == null ? List.of() : tree.texts(body.get("setup"), what + " setup");
        return new JobEnvironment(env, setup);
    }

    /** Applies the {@link #OVERRIDE_KEYS} found in {@code body} to {@code base}. */
    Step override(Step base, YamlNode.Mapping body, Path baseDir) {
        String what = "step '" + base.name() + "'";
        for (YamlNode.Entry e : body.entries().values()) {
            if (!OVERRIDE_KEYS.contains(e.key()) && STEP_KEYS.contains(e.key())) {
                problems.add(e.keyWhere(), "'" + e.key() + "' of " + what + " cannot be changed by a file that extends "
                        + "another: the graph comes from the base pipeline (only " + String.join(", ", OVERRIDE_KEYS) + " can)");
            }
        }
        tree.onlyKeys(body, what, STEP_KEYS);
        Command command = body.get("command") == null ? base.command() : command(body.get("command"), what, body.where());
        boolean newWorkdir = body.get("workdir") != null;
        Map<String, String> params = new LinkedHashMap<>(base.params());
        params.putAll(params(body.get("params"), what + " params"));
        return base.withOverrides(command,
                newWorkdir ? template(body.get("workdir"), what + " workdir") : base.workdir(),
                newWorkdir || body.get("command") != null ? baseDir : base.baseDir(),
                params,
                base.resources().with(resources(body.get("resources"), what + " resources")),
                body.get("timeout") == null ? base.timeout() : timeout(body.get("timeout"), what),
                mergeClusters(base.cluster(), ExecutorParser.parse(clusterSettings(body.get("executor")), tree, false, what + " executor")
                        .clusters()),
                base.environment().then(environment(body, what)),
                base.alwaysLocal() || local(body.get("executor"), what));
    }

    private static Map<String, ClusterOptions> mergeClusters(Map<String, ClusterOptions> base, Map<String, ClusterOptions> more) {
        Map<String, ClusterOptions> out = new LinkedHashMap<>(base);
        more.forEach((k, v) -> out.merge(k, v, ClusterOptions::with));
        return out;
    }

    private Scope scope(YamlNode node, String what) {
        if (node == null) {
            return Scope.EXPERIMENT;
        }
        String text = tree.text(node, what + " scope");
        if ("experiment".equals(text)) {
            return Scope.EXPERIMENT;
        }
        if ("global".equals(text)) {
            return Scope.GLOBAL;
        }
        if (text != null) {
            problems.add(node.where(), what + " scope '" + text + "' must be 'experiment' or 'global'");
        }
        return Scope.EXPERIMENT;
    }

    private List<Input> inputs(YamlNode node, String what) {
        List<Input> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        YamlNode.Mapping map = tree.mapping(node, what + " inputs");
        if (map == null) {
            return out;
        }
        for (YamlNode.Entry e : map.entries().values()) {
            String label = what + " input '" + e.key() + "'";
            if (e.value() instanceof YamlNode.Mapping m && m.get("from") != null) {
                tree.onlyKeys(m, label, List.of("from", "output"));
                String from = tree.text(m.get("from"), label + " 'from'");
                if (from == null) {
                    continue;
                }
                Optional<String> output = Optional.empty();
                int dot = from.indexOf('.');
                if (m.get("output") != null) {
                    output = Optional.ofNullable(tree.text(m.get("output"), label + " 'output'"));
                } else if (dot > 0) {
                    output = Optional.of(from.substring(dot + 1));
                    from = from.substring(0, dot);
                }
                out.add(new Input.FromStep(e.key(), from, output, m.get("from").where()));
            } else {
                PathSpec spec = pathSpec(e.value(), label);
                if (spec != null) {
                    out.add(new Input.Static(e.key(), spec, e.value().where()));
                }
            }
        }
        return out;
    }

    private List<Output> outputs(YamlNode node, String what, Location stepWhere) {
        List<Output> out = new ArrayList<>();
        if (node == null) {
            problems.add(stepWhere, what + " declares no outputs: morph cannot tell whether it is up to date");
            return out;
        }
        YamlNode.Mapping map = tree.mapping(node, what + " outputs");
        if (map == null) {
            return out;
        }
        for (YamlNode.Entry e : map.entries().values()) {
            PathSpec spec = pathSpec(e.value(), what + " output '" + e.key() + "'");
            if (spec != null) {
                out.add(new Output(e.key(), spec, e.value().where()));
            }
        }
        if (map.entries().isEmpty()) {
            problems.add(map.where(), what + " declares no outputs: morph cannot tell whether it is up to date");
        }
        return out;
    }

    /** {@code path}, or {@code {file|dir|glob: path}}. */
    private PathSpec pathSpec(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            tree.onlyKeys(m, what, List.of("file", "dir", "glob"));
            if (m.entries().size() != 1) {
                problems.add(m.where(), what + " must be a path, or one of 'file:', 'dir:', 'glob:' with a path");
                return null;
            }
            YamlNode.Entry e = m.entries().values().iterator().next();
            String path = tree.text(e.value(), what);
            Template t = path == null ? null : template(path, e.value().where(), what);
            return t == null ? null : new PathSpec(ArtifactKind.valueOf(e.key().toUpperCase(Locale.ROOT)), t);
        }
        String path = tree.text(node, what);
        Template t = path == null ? null : template(path, node.where(), what);
        return t == null ? null : new PathSpec(PathSpec.kindOf(path), t);
    }

    private Command command(YamlNode node, String what, Location stepWhere) {
        if (node == null) {
            problems.add(stepWhere, what + " has no command");
            return new Command(List.of(), false, stepWhere);
        }
        if (node instanceof YamlNode.Scalar) {
            String script = tree.text(node, what + " command");
            Template t = script == null ? null : template(script, node.where(), what + " command");
            if (t != null) {
                refuseUnsafePlaceholders(t, node.where(), what);
            }
            return new Command(t == null ? List.of() : List.of(t), true, node.where());
        }
        List<Template> argv = new ArrayList<>();
        for (String arg : tree.texts(node, what + " command")) {
            Template t = template(arg, node.where(), what + " command");
            if (t != null) {
                argv.add(t);
            }
        }
        if (argv.isEmpty() && node instanceof YamlNode.Sequence) {
            problems.add(node.where(), what + " command must not be empty");
        }
        return new Command(argv, false, node.where());
    }

    /** A placeholder where a value could run as shell code is refused, with a spelling that is safe. */
    private void refuseUnsafePlaceholders(Template script, Location where, String what) {
        List<Template.Placeholder> placeholders = script.placeholders();
        List<ShellContexts.Context> contexts = ShellContexts.of(script);
        for (int i = 0; i < contexts.size(); i++) {
            if (!contexts.get(i).safe()) {
                String p = "{" + placeholders.get(i).name() + "}";
                problems.add(where, what + " command: placeholder " + p + " stands " + contexts.get(i).refused()
                        + ", where its value could run as shell code; set a variable first and use that: v=" + p + "; … \"$v\"");
            }
        }
    }

    private Optional<Template> template(YamlNode node, String what) {
        if (node == null) {
            return Optional.empty();
        }
        String text = tree.text(node, what);
        return text == null ? Optional.empty() : Optional.ofNullable(template(text, node.where(), what));
    }

    private Template template(String text, Location where, String what) {
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(where, what + ": " + e.getMessage());
            return null;
        }
    }

    Map<String, String> params(YamlNode node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        YamlNode.Mapping map = tree.mapping(node, what);
        if (map == null) {
            return out;
        }
        for (YamlNode.Entry e : map.entries().values()) {
            if (!PARAM_NAME.matcher(e.key()).matches()) {
                problems.add(e.keyWhere(), "param name '" + e.key() + "' may hold only letters, digits and '_'");
            }
            if (e.value() instanceof YamlNode.Scalar s) {
                out.put(e.key(), s.value() == null ? "" : s.value());
            } else {
                problems.add(e.value().where(), "param '" + e.key() + "' must be a single value, not " + e.value().kind());
            }
        }
        return out;
    }

    Resources resources(YamlNode node, String what) {
        if (node == null) {
            return Resources.NONE;
        }
        YamlNode.Mapping map = tree.mapping(node, what);
        if (map == null) {
            return Resources.NONE;
        }
        Map<String, Long> amounts = new TreeMap<>();
        for (YamlNode.Entry e : map.entries().values()) {
            try {
                Resources.put(amounts, e.key(), tree.text(e.value(), what + " '" + e.key() + "'"));
            } catch (IllegalArgumentException ex) {
                problems.add(e.value().where(), what + ": " + ex.getMessage());
            }
        }
        return new Resources(amounts);
    }

    private Optional<Duration> timeout(YamlNode node, String what) {
        if (node == null) {
            return Optional.empty();
        }
        String text = tree.text(node, what + " timeout");
        if (text == null) {
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                problems.add(node.where(), what + " timeout must be longer than zero");
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            problems.add(node.where(), what + " timeout: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, Set<String>> when(YamlNode node, String what) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        YamlNode.Mapping map = tree.mapping(node, what + " 'when'");
        if (map == null) {
            return out;
        }
        for (YamlNode.Entry e : map.entries().values()) {
            if (!attributes.contains(e.key())) {
                problems.add(e.keyWhere(), what + " 'when' tests '" + e.key() + "', which is not an experiment attribute"
                        + dev.morph.Suggest.didYouMean(e.key(), attributes) + " (attributes come from the experiments pattern's captures: "
                        + (attributes.isEmpty() ? "none" : String.join(", ", attributes)) + ")");
            }
            out.put(e.key(), new LinkedHashSet<>(tree.texts(e.value(), what + " 'when' " + e.key())));
        }
        return out;
    }
}
