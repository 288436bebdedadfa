package dev.morph.pipeline.load;

import dev.morph.pipeline.Input;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RootPaths;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import dev.morph.Suggest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.cycle.TarjanSimpleCycles;
import org.jgrapht.graph.DefaultEdge;

/**
 * Checks what spans steps: references between steps, unique names and aliases, one producer per
 * output path, no dependency cycle. Returns the steps with {@code from:} aliases resolved to names.
 */
final class GraphCheck {
    private final Problems problems;

    GraphCheck(Problems problems) {
        this.problems = problems;
    }

    List<Step> check(List<Step> steps) {
        Map<String, Step> byNameOrAlias = names(steps);
        List<Step> resolved = new ArrayList<>();
        for (Step s : steps) {
            resolved.add(resolveReferences(s, byNameOrAlias));
        }
        uniqueOutputs(resolved);
        if (problems.isEmpty()) {
            cycles(resolved);
        }
        return resolved;
    }

    private Map<String, Step> names(List<Step> steps) {
        Map<String, Step> byName = new HashMap<>();
        for (Step s : steps) {
            byName.put(s.name(), s);
            if (s.name().equals(Pipeline.E2E)) {
                problems.add(s.where(), "'" + Pipeline.E2E + "' is reserved for the whole pipeline; rename the step");
            }
        }
        for (Step s : steps) {
            for (String alias : s.aliases()) {
                Step other = byName.get(alias);
                if (alias.equals(Pipeline.E2E)) {
                    problems.add(s.where(), "alias '" + alias + "' of step '" + s.name() + "' is reserved for the whole pipeline");
                } else if (other != null && other != s) {
                    String what = other.name().equals(alias) ? "the name of step '" + alias + "'" : "already an alias of step '" + other.name() + "'";
                    problems.add(s.where(), "alias '" + alias + "' of step '" + s.name() + "' is " + what
                            + " (first at " + other.where() + ")");
                } else {
                    byName.put(alias, s);
                }
            }
        }
        return byName;
    }

    private Step resolveReferences(Step step, Map<String, Step> byNameOrAlias) {
        List<Input> inputs = new ArrayList<>();
        for (Input in : step.inputs()) {
            if (!(in instanceof Input.FromStep f)) {
                inputs.add(in);
                continue;
            }
            Step producer = byNameOrAlias.get(f.step());
            if (producer == null) {
                problems.add(f.where(), "input '" + f.name() + "' of step '" + step.name() + "' comes from unknown step '"
                        + f.step() + "'" + Suggest.didYouMean(f.step(), byNameOrAlias.keySet()));
                continue;
            }
            if (f.output().isPresent() && producer.output(f.output().get()).isEmpty()) {
                List<String> outs = producer.outputs().stream().map(Output::name).toList();
                problems.add(f.where(), "input '" + f.name() + "' of step '" + step.name() + "' names unknown output '"
                        + f.output().get() + "' of step '" + producer.name() + "'" + Suggest.didYouMean(f.output().get(), outs)
                        + " (its outputs: " + String.join(", ", outs) + ")");
                continue;
            }
            inputs.add(new Input.FromStep(f.name(), producer.name(), f.output(), f.where()));
        }
        return step.withInputs(inputs);
    }

    private void uniqueOutputs(List<Step> steps) {
        Map<String, Output> seen = new HashMap<>();
        Map<String, Step> owner = new HashMap<>();
        for (Step s : steps) {
            for (Output o : s.outputs()) {
                String normalized = RootPaths.normalize(o.spec().path().source());
                String key = normalized == null ? o.spec().path().source() : normalized;
                Output first = seen.putIfAbsent(key, o);
                owner.putIfAbsent(key, s);
                if (first != null) {
                    problems.add(o.where(), "output '" + o.name() + "' of step '" + s.name() + "' is the same path as output '"
                            + first.name() + "' of step '" + owner.get(key).name() + "' (" + first.where()
                            + "); every artifact has one producer");
                }
            }
        }
    }

    private void cycles(List<Step> steps) {
        steps.stream().filter(GraphCheck::readsItself).forEach(s -> problems.add(s.where(),
                "dependency cycle: " + s.name() + " -> " + s.name() + " (a step cannot read its own output)"));
        Graph<String, DefaultEdge> g = StepGraph.build(steps);
        if (!new CycleDetector<>(g).detectCycles()) {
            return;
        }
        // the shortest cycle (the first by name among equals), shown from its first step by name
        List<String> cycle = new TarjanSimpleCycles<>(g).findSimpleCycles().stream()
                .filter(c -> c.size() > 1)
                .min(Comparator.comparingInt((List<String> c) -> c.size()).thenComparing(Object::toString))
                .orElseThrow();
        int start = cycle.indexOf(cycle.stream().min(Comparator.naturalOrder()).orElseThrow());
        List<String> ordered = new ArrayList<>(cycle.subList(start, cycle.size()));
        ordered.addAll(cycle.subList(0, start));
        ordered.add(ordered.get(0));
        Step first = steps.stream().filter(s -> s.name().equals(ordered.get(0))).findFirst().orElseThrow();
        problems.add(first.where(), "dependency cycle: " + String.join(" -> ", ordered));
    }

    private static boolean readsItself(Step s) {
        return s.inputs().stream().anyMatch(in -> in instanceof Input.FromStep f && f.step().equals(s.name()));
    }
}
