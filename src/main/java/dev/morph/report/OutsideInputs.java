package dev.morph.report;

import dev.morph.text.Times;
import dev.morph.plan.OutsideInput;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs outside the data root that {@code plan} and {@code status} show in a section of their own:
 * model weights in a repository checkout or an environment's interpreter, named through params and
 * probed like any input. Each with its newest time (or "missing") and the steps that read it.
 */
final class OutsideInputs {
    private OutsideInputs() {
    }

    static void print(List<OutsideInput> inputs, Style style, PrintWriter out) {
        if (inputs.isEmpty()) {
            return;
        }
        out.println(style.bold("Inputs outside the data root") + style.dim(" (named by params, checked like any input):"));
        for (OutsideInput in : inputs) {
            String found = in.observation().exists() ? Times.text(in.observation().mtime(), style.zone()) : style.red("missing");
            out.println("  " + in.artifact().display() + "  " + found + style.dim("  read by " + String.join(", ", in.steps())));
        }
    }

    static List<Object> tree(List<OutsideInput> inputs) {
        return inputs.stream().map(in -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("path", in.artifact().display());
            one.put("kind", in.artifact().kind().word());
            one.put("exists", in.observation().exists());
            one.put("mtime", in.observation().exists() ? Times.iso(in.observation().mtime()) : null);
            one.put("steps", in.steps());
            return (Object) one;
        }).toList();
    }
}
