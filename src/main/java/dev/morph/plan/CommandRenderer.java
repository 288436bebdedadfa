package dev.morph.plan;

import dev.morph.artifact.Artifact;
import dev.morph.pipeline.Command;
import dev.morph.pipeline.ShellContexts;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders a job's command and working directory. {@code {inputs.X}} and {@code {outputs.X}} become
 * absolute paths; a fan-in input yields one path per included experiment, so an argument that holds
 * it repeats once per path. A shell command gets each value quoted for where it stands in the script
 * ({@link ShellContexts}: a plain word, inside '…' or "…"). Without a run ID
 * (a dry plan) {@code {run_id}} stays as written.
 */
public final class CommandRenderer {
    private final Path root;

    public CommandRenderer(Path root) {
        this.root = root;
    }

    public List<String> argv(JobPlan plan, String runId) {
        Job job = plan.job();
        Command command = job.step().command();
        if (command.shell()) {
            Template script = command.argv().get(0);
            List<ShellContexts.Context> contexts = ShellContexts.of(script);
            StringBuilder out = new StringBuilder();
            int n = 0;
            for (Template.Part part : script.parts()) {
                if (part instanceof Template.Literal lit) {
                    out.append(lit.text());
                } else {
                    ShellContexts.Kind kind = contexts.get(n++).kind();
                    out.append(values(plan, (Template.Placeholder) part, runId).stream()
                            .map(v -> ShellContexts.quote(v, kind)).collect(Collectors.joining(" ")));
                }
            }
            return List.of("sh", "-c", out.toString());
        }
        List<String> argv = new ArrayList<>();
        for (Template t : command.argv()) {
            argv.addAll(t.render(p -> values(plan, p, runId)));
        }
        return argv;
    }

    /** The directory the command runs in: the step's {@code workdir}, relative to the file that declared it. */
    public Path workdir(JobPlan plan, String runId) {
        Step step = plan.job().step();
        if (step.workdir().isEmpty()) {
            return step.baseDir();
        }
        String dir = step.workdir().get().renderOne(p -> String.join(" ", values(plan, p, runId)));
        return step.baseDir().resolve(dir).normalize();
    }

    private List<String> values(JobPlan plan, Template.Placeholder p, String runId) {
        Job job = plan.job();
        return switch (p.namespace()) {
            case "root" -> List.of(root.toString());
            case "exp" -> List.of(job.experiment().name());
            case "run_id" -> List.of(runId == null ? "{run_id}" : runId);
            case "step" -> List.of(job.step().name());
            case "attr" -> List.of(job.experiment().attributes().getOrDefault(p.key(), ""));
            case "params" -> List.of(paramValue(job, p.key()));
            case "inputs" -> inputPaths(plan, p.key());
            case "outputs" -> job.outputs().stream()
                    .filter(a -> outputName(job, a).equals(p.key()))
                    .map(this::absolute).toList();
            default -> throw new IllegalStateException("placeholder {" + p.name() + "} passed validation");
        };
    }

    private static String paramValue(Job job, String key) {
        String v = job.params().get(key);
        return v == null ? "" : v;
    }

    private List<String> inputPaths(JobPlan plan, String name) {
        for (BoundInput in : plan.job().inputs()) {
            if (!in.name().equals(name)) {
                continue;
            }
            Set<String> included = null;
            if (in.fanIn()) {
                included = new HashSet<>();
                for (FanIn f : plan.fanIns()) {
                    if (f.input().equals(name)) {
                        included.addAll(f.included());
                    }
                }
            }
            List<String> out = new ArrayList<>();
            for (Source s : in.sources()) {
                if (included == null || included.contains(s.experiment())) {
                    out.add(absolute(s.artifact()));
                }
            }
            return out;
        }
        return List.of();
    }

    private static String outputName(Job job, Artifact artifact) {
        int i = job.outputs().indexOf(artifact);
        return job.step().outputs().get(i).name();
    }

    private String absolute(Artifact a) {
        return root.resolve(a.path()).toString();
    }

    /**
     * The step's command as written, before any value is filled in: what the journal compares to tell
     * a changed command ({@code COMMAND_CHANGED}) from changed params or experiments.
     */
    public static List<String> template(Step step) {
        List<String> out = new ArrayList<>(step.command().shell() ? List.of("sh", "-c") : List.of());
        step.command().argv().forEach(t -> out.add(t.source()));
        return out;
    }

    /** Quotes a word for a POSIX shell when it needs it. */
    public static String quote(String word) {
        return ShellContexts.quote(word, ShellContexts.Kind.WORD);
    }

    /** The argv as one line a user can paste into a shell. */
    public static String shellLine(List<String> argv) {
        return argv.stream().map(CommandRenderer::quote).collect(Collectors.joining(" "));
    }

    /** Env-style view of the job's params for the job's environment ({@code MORPH_PARAM_MODEL=…}). */
    public static Map<String, String> paramEnv(Job job) {
        Map<String, String> env = new TreeMap<>();
        job.params().forEach((k, v) -> env.put("MORPH_PARAM_" + k.toUpperCase(Locale.ROOT), v));
        return env;
    }
}
