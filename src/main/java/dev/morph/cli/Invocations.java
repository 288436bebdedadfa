package dev.morph.cli;

import dev.morph.discover.Selection;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.app.Invocation;
import dev.morph.run.RunState;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Converts an {@link Invocation} and run options to the run record's form and back, for {@code --resume}. */
final class Invocations {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private Invocations() {
    }

    static RunState.InvocationRecord toRecord(Invocation inv, int jobs, String resources, int retries, boolean failFast,
                                               String timeout, String executor) {
        Selection s = inv.selection();
        return new RunState.InvocationRecord(inv.targets(), inv.only(), s.names(),
                s.laterThan().map(DAY::format).orElse(null), s.earlierThan().map(DAY::format).orElse(null),
                inv.force(), inv.forceSteps(), inv.params(),
                inv.triggers() == null ? null : inv.triggers().stream().map(RerunTrigger::word).sorted().toList(),
                jobs, resources, retries, failFast, timeout, executor);
    }

    static Invocation fromRecord(RunState.InvocationRecord r) {
        Selection s = new Selection(r.experiments() == null ? List.of() : r.experiments(),
                Optional.ofNullable(r.laterThan()).map(d -> Selection.parseDay("--later-than", d)),
                Optional.ofNullable(r.earlierThan()).map(d -> Selection.parseDay("--earlier-than", d)));
        Set<RerunTrigger> triggers = null;
        if (r.rerunTriggers() != null) {
            triggers = EnumSet.noneOf(RerunTrigger.class);
            for (String t : r.rerunTriggers()) {
                triggers.add(RerunTrigger.parse(t));
            }
        }
        return new Invocation(r.targets(), r.only(), s, r.force(), r.forceSteps() == null ? List.of() : r.forceSteps(),
                r.params() == null ? java.util.Map.of() : r.params(), triggers);
    }
}
