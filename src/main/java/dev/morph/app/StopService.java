package dev.morph.app;

import dev.morph.discover.Workspace;
import dev.morph.run.Owner;
import dev.morph.run.RunIds;
import dev.morph.run.RunState;
import java.util.Optional;

/**
 * Asks a run to stop exactly as Ctrl-C does: its morph gets SIGTERM, which morph treats like SIGINT
 * (nothing new starts, running jobs are stopped and recorded interrupted, the run becomes
 * {@code stopped}/{@code USER_INTERRUPT}). Only a run whose morph is alive on this host can be asked.
 */
public final class StopService {
    private final Project project;

    public StopService(Project project) {
        this.project = project;
    }

    /** Sends the stop request; the answer says what was done, or why nothing was. */
    public Answer stop(String runId) {
        Workspace ws = project.open();
        Optional<RunState> run = RunIds.VALID.matcher(runId).matches() ? project.runs(ws).read(runId) : Optional.empty();
        if (run.isEmpty()) {
            return new Answer(false, "no run '" + runId + "'");
        }
        if (!run.get().inProgress()) {
            return new Answer(false, "run " + runId + " is not in progress (" + run.get().status() + ")");
        }
        Owner owner = run.get().origin().owner();
        if (owner == null || !owner.alive().orElse(false)) {
            return new Answer(false, "run " + runId + "'s morph is not running on this host" + (owner == null ? "" : " (" + owner + ")"));
        }
        boolean sent = ProcessHandle.of(owner.pid()).map(ProcessHandle::destroy).orElse(false);
        return sent ? new Answer(true, "asked run " + runId + " to stop (SIGTERM to morph pid " + owner.pid() + ", as Ctrl-C)")
                : new Answer(false, "could not signal morph pid " + owner.pid());
    }

    /** Whether the request was sent, and what happened in words. */
    public record Answer(boolean sent, String message) {
    }
}
