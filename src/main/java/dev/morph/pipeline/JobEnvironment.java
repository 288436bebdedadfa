package dev.morph.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job's shell gets besides morph's own variables, the same on every executor: variables
 * ({@code env:}, literal values) and shell lines run before its command ({@code setup:}, e.g.
 * {@code module load cuda/12}); the pipeline's, then the step's on top.
 */
public record JobEnvironment(Map<String, String> env, List<String> setup) {
    public static final JobEnvironment NONE = new JobEnvironment(Map.of(), List.of());

    public JobEnvironment {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        setup = List.copyOf(setup);
    }

    /** {@code more}'s variables override these; its setup lines run after these. */
    public JobEnvironment then(JobEnvironment more) {
        Map<String, String> vars = new LinkedHashMap<>(env);
        vars.putAll(more.env);
        List<String> lines = new ArrayList<>(setup);
        lines.addAll(more.setup);
        return new JobEnvironment(vars, lines);
    }

    /**
     * {@code argv} behind the setup lines: a shell runs them (stopping at the first that fails, whose
     * exit code becomes the job's) and then execs the command. Without setup lines, {@code argv} itself.
     */
    public List<String> wrap(List<String> argv) {
        if (setup.isEmpty()) {
            return argv;
        }
        List<String> out = new ArrayList<>(List.of("sh", "-c", "set -e\n" + String.join("\n", setup) + "\nset +e\nexec \"$@\"", "morph-setup"));
        out.addAll(argv);
        return out;
    }
}
