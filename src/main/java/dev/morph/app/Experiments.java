package dev.morph.app;

import dev.morph.MorphException;
import dev.morph.discover.Selection;
import java.util.List;
import java.util.Optional;

/**
 * Which experiments' per-experiment jobs to consider, as typed: names ({@code --experiments a,b}) and
 * {@code YYYYMMDD} bounds on the date a name starts with ({@code --later-than}, {@code --earlier-than};
 * null when not given). {@link #selection()} checks the dates.
 */
public record Experiments(List<String> names, String laterThan, String earlierThan) {
    /** Every experiment. */
    public static final Experiments ALL = new Experiments(List.of(), null, null);

    public Experiments {
        if (!names.isEmpty() && names.stream().allMatch(String::isBlank)) {
            // an unset shell variable (-e "$EXPS") must never widen a run to every experiment
            throw MorphException.usage("--experiments is empty (an unset shell variable?); name experiments, or leave the option out for all");
        }
        names = names.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /** Whether anything narrows the experiments. */
    public boolean given() {
        return !names.isEmpty() || laterThan != null || earlierThan != null;
    }

    Selection selection() {
        return new Selection(names,
                Optional.ofNullable(laterThan).map(d -> Selection.parseDay("--later-than", d)),
                Optional.ofNullable(earlierThan).map(d -> Selection.parseDay("--earlier-than", d)));
    }
}
