package dev.morph.exec;

import dev.morph.journal.Journal;
import dev.morph.pipeline.Resources;
import dev.morph.plan.CommandRenderer;
import dev.morph.discover.Workspace;
import dev.morph.run.Locks;
import dev.morph.run.Owner;
import dev.morph.run.RunRecorder;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import dev.morph.store.TimeSource;
import java.time.Duration;

/**
 * What an {@link Executor} works with for one run: where state lives, who it is, and the collaborators
 * that record, lock, run and report; {@code clock} is the file system's time (for records compared with
 * mtimes), {@code time} the local clock (for times people read and how long things take).
 */
public record RunContext(Workspace workspace, StateLayout layout, String runId, Owner owner, Journal journal, Locks locks,
                         Clock clock, TimeSource time, RunRecorder recorder, CommandRenderer commands, JobRunner runner,
                         Progress progress, Settings settings) {

    /**
     * {@code jobs}: how many at once; {@code totals}: resources the jobs share; {@code timeout}: overrides
     * every step's own (null: the steps'); {@code killGrace}: between TERM and KILL.
     */
    public record Settings(int jobs, Resources totals, int retries, boolean failFast, Duration timeout, Duration killGrace) {
    }
}
