package dev.morph.exec;

import dev.morph.run.RunReason;

/** Why a run stops before its plan is done (a signal, fail-fast, a write error), with the message the run record keeps. */
record Stop(RunReason reason, String message) {
    boolean is(RunReason r) {
        return reason == r;
    }
}
