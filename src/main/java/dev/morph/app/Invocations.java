package dev.morph.app;

import dev.morph.discover.Selection;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.run.RunState;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
                r.params() == null ? Map.of() : r.params(), triggers);
    }

    /** The record with the executor the run uses. */
    static RunState.InvocationRecord withExecutor(RunState.InvocationRecord r, String executor) {
        return new RunState.InvocationRecord(r.targets(), r.only(), r.experiments(), r.laterThan(), r.earlierThan(), r.force(),
                r.forceSteps(), r.params(), r.rerunTriggers(), r.jobs(), r.resources(), r.retries(), r.failFast(), r.timeout(), executor);
    }

    /** A resumed run repeats the old invocation; only how it executes may be changed now. */
    static RunState.InvocationRecord resumedWith(RunState.InvocationRecord old, RunRequest.Execution given) {
        return new RunState.InvocationRecord(old.targets(), old.only(), old.experiments(), old.laterThan(), old.earlierThan(), old.force(),
                old.forceSteps(), old.params(), old.rerunTriggers(), given.jobs() != null ? given.jobs() : old.jobs(),
                given.resources() != null ? given.resources() : old.resources(), given.retries() > 0 ? given.retries() : old.retries(),
                given.failFast() || old.failFast(), given.timeout() != null ? given.timeout() : old.timeout(),
                given.executor() != null ? given.executor() : old.executor());
    }
}
