package dev.morph.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated pipeline: experiment discovery, params with their defaults, steps in file order, the
 * journal triggers that apply, the default resource totals for runs, and where jobs run (locally or on
 * a cluster scheduler, with its options), and the params that only tune how a job runs ({@code untracked_params:},
 * such as the demo's {@code delay}): commands see them, staleness never does. Relative paths in it were
 * declared relative to {@code file}'s directory.
 */
public record Pipeline(
        Path file,
        String name,
        Optional<Path> dataRoot,
        Discovery discovery,
        Map<String, String> params,
        List<Step> steps,
        Set<RerunTrigger> rerunTriggers,
        Resources resources,
        ExecutorConfig executor,
        Set<String> untrackedParams,
        JobEnvironment environment) {

    public static final String E2E = "e2e";

    public Pipeline {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        steps = List.copyOf(steps);
        rerunTriggers = Set.copyOf(rerunTriggers);
        untrackedParams = Set.copyOf(untrackedParams);
    }

    /** The step with this name or alias. */
    public Optional<Step> step(String nameOrAlias) {
        for (Step s : steps) {
            if (s.name().equals(nameOrAlias) || s.aliases().contains(nameOrAlias)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Every step name and alias, for suggestions. */
    public List<String> stepNamesAndAliases() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(s.name());
            out.addAll(s.aliases());
        }
        return out;
    }

    /** Every param name a step can use: the pipeline's and the steps' own. */
    public Set<String> paramNames() {
        Set<String> out = new TreeSet<>(params.keySet());
        steps.forEach(s -> out.addAll(s.params().keySet()));
        return out;
    }
}
