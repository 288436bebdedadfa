package dev.morph.pipeline.load;

import dev.morph.pipeline.Input;
import dev.morph.pipeline.Location;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.RootPaths;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import dev.morph.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every placeholder of a step names something that will exist when the step runs, and
 * that artifact paths stay inside the data root (inputs may leave it only through a leading param).
 * Paths know {@code exp}, {@code attr.*} and {@code params.*}; commands and workdirs also {@code root},
 * {@code run_id}, {@code step}, {@code inputs.*} and {@code outputs.*}. A global step runs once for all
 * experiments, so it has no {@code exp} and no {@code attr.*}.
 */
final class PlaceholderCheck {
    private final Problems problems;
    private final List<String> attributes;
    private final Set<String> pipelineParams;

    PlaceholderCheck(Problems problems, List<String> attributes, Set<String> pipelineParams) {
        this.problems = problems;
        this.attributes = attributes;
        this.pipelineParams = pipelineParams;
    }

    void check(Step step) {
        Set<String> params = new TreeSet<>(pipelineParams);
        params.addAll(step.params().keySet());
        List<String> pathNames = new ArrayList<>();
        pathNames.add("exp");
        attributes.forEach(a -> pathNames.add("attr." + a));
        params.forEach(p -> pathNames.add("params." + p));
        List<String> commandNames = new ArrayList<>(pathNames);
        commandNames.addAll(List.of("root", "run_id", "step"));
        step.inputs().forEach(i -> commandNames.add("inputs." + i.name()));
        step.outputs().forEach(o -> commandNames.add("outputs." + o.name()));

        String what = "step '" + step.name() + "'";
        for (Output o : step.outputs()) {
            checkTemplate(step, o.spec().path(), pathNames, o.where(), what + " output '" + o.name() + "'");
            checkInsideRoot(o.spec().path(), o.where(), what + " output '" + o.name() + "'", "");
        }
        for (Input in : step.inputs()) {
            if (in instanceof Input.Static s) {
                checkTemplate(step, s.spec().path(), pathNames, s.where(), what + " input '" + s.name() + "'");
                checkInsideRoot(s.spec().path(), s.where(), what + " input '" + s.name() + "'",
                        "; an input elsewhere (model weights in a checkout) is named through a param, e.g. '{params.repo}/...'");
            }
        }
        for (Template t : step.command().argv()) {
            checkTemplate(step, t, commandNames, step.command().where(), what + " command");
        }
        step.workdir().ifPresent(t -> checkTemplate(step, t, commandNames, step.command().where(), what + " workdir"));
    }

    private void checkTemplate(Step step, Template template, List<String> known, Location where, String what) {
        for (Template.Placeholder p : template.placeholders()) {
            String ns = p.namespace();
            if (step.isGlobal() && (ns.equals("exp") || ns.equals("attr"))) {
                problems.add(where, "global " + what + " uses {" + p.name() + "}, but a global step runs once for all "
                        + "experiments; make the step 'scope: experiment' or remove {" + p.name() + "}");
            } else if (!known.contains(p.name())) {
                List<String> candidates = step.isGlobal()
                        ? known.stream().filter(k -> !k.equals("exp") && !k.startsWith("attr.")).toList() : known;
                problems.add(where, "unknown placeholder '{" + p.name() + "}' in " + what
                        + Suggest.didYouMean(p.name(), candidates) + hint(p));
            }
        }
    }

    private String hint(Template.Placeholder p) {
        if (attributes.contains(p.name())) {
            return " (experiment attributes are written {attr." + p.name() + "})";
        }
        if (p.namespace().equals("params")) {
            return " (declare it under 'params:')";
        }
        return "";
    }

    /**
     * Paths are relative to the data root; with any values substituted they must not leave it. (An input
     * starting with a param may still name an absolute place: that is decided when the param has its value.)
     */
    private void checkInsideRoot(Template path, Location where, String what, String hint) {
        String sample = path.renderOne(p -> "x");
        if (RootPaths.escapes(sample)) {
            problems.add(where, what + " path '" + path.source() + "' leaves the data root; artifact paths are relative "
                    + "to the data root and must stay inside it" + hint);
        }
    }
}
