package dev.morph.plan;

import dev.morph.artifact.Artifact;
import dev.morph.pipeline.Command;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders a job's command and working directory. {@code {inputs.X}} and {@code {outputs.X}} become
 * absolute paths; a fan-in input yields one path per included experiment, so an argument that holds
 * it repeats once per path. A shell command gets each value shell-quoted instead. Without a run ID
 * (a dry plan) {@code {run_id}} stays as written.
 */
public final class CommandRenderer {
    /** Characters a shell word may hold unquoted (besides ASCII letters and digits). */
    private static final String SAFE_PUNCTUATION = "_@%+=:,./-";
    private final Path root;

    public CommandRenderer(Path root) {
        this.root = root;
    }

    public List<String> argv(JobPlan plan, String runId) {
        Job job = plan.job();
        Command command = job.step().command();
        if (command.shell()) {
            String script = command.argv().get(0).renderOne(new Joined(new Values(plan, runId), true));
            return List.of("sh", "-c", script);
        }
        List<String> argv = new ArrayList<>();
        Values values = new Values(plan, runId);
        for (Template t : command.argv()) {
            argv.addAll(t.render(values));
        }
        return argv;
    }

    /** The directory the command runs in: the step's {@code workdir}, relative to the file that declared it. */
    public Path workdir(JobPlan plan, String runId) {
        Step step = plan.job().step();
        if (step.workdir().isEmpty()) {
            return step.baseDir();
        }
        String dir = step.workdir().get().renderOne(new Joined(new Values(plan, runId), false));
        return step.baseDir().resolve(dir).normalize();
    }

    // Classes rather than lambdas (and loops rather than streams below): each lambda and stream is set
    // up on first use, which a short plan on a small root pays for.

    /** A placeholder's values for one job. */
    private final class Values implements Function<Template.Placeholder, List<String>> {
        private final JobPlan plan;
        private final String runId;

        Values(JobPlan plan, String runId) {
            this.plan = plan;
            this.runId = runId;
        }

        @Override
        public List<String> apply(Template.Placeholder p) {
            return values(plan, p, runId);
        }
    }

    /** A placeholder's values as one space-separated text, each quoted for a shell if {@code quoted}. */
    private static final class Joined implements Function<Template.Placeholder, String> {
        private final Values values;
        private final boolean quoted;

        Joined(Values values, boolean quoted) {
            this.values = values;
            this.quoted = quoted;
        }

        @Override
        public String apply(Template.Placeholder p) {
            List<String> words = values.apply(p);
            return quoted ? shellLine(words) : String.join(" ", words);
        }
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
            case "outputs" -> outputPaths(job, p.key());
            default -> throw new IllegalStateException("placeholder {" + p.name() + "} passed validation");
        };
    }

    private List<String> outputPaths(Job job, String name) {
        List<String> out = new ArrayList<>();
        for (Artifact a : job.outputs()) {
            if (outputName(job, a).equals(name)) {
                out.add(absolute(a));
            }
        }
        return out;
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
        List<String> out = new ArrayList<>();
        if (step.command().shell()) {
            out.add("sh");
            out.add("-c");
        }
        for (Template t : step.command().argv()) {
            out.add(t.source());
        }
        return out;
    }

    /** Quotes a word for a POSIX shell when it needs it. */
    public static String quote(String word) {
        if (safe(word)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean safe(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || SAFE_PUNCTUATION.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The argv as one line a user can paste into a shell. */
    public static String shellLine(List<String> argv) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            s.append(i == 0 ? "" : " ").append(quote(argv.get(i)));
        }
        return s.toString();
    }

    /** Env-style view of the job's params for the job's environment ({@code MORPH_PARAM_MODEL=…}). */
    public static Map<String, String> paramEnv(Job job) {
        Map<String, String> env = new java.util.TreeMap<>();
        for (Map.Entry<String, String> p : job.params().entrySet()) {
            env.put("MORPH_PARAM_" + p.getKey().toUpperCase(java.util.Locale.ROOT), p.getValue());
        }
        return env;
    }
}
