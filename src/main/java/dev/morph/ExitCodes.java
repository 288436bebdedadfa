package dev.morph;

/** The documented process exit codes of every morph command (see README, "Exit codes"). */
public final class ExitCodes {
    /** Success, or nothing to do. */
    public static final int OK = 0;
    /** A job of the run failed (or was skipped because of a failure or a lock). */
    public static final int JOB_FAILED = 1;
    /** Bad usage or input: unknown option, step or experiment, invalid pipeline file, malformed date. */
    public static final int USAGE = 2;
    /** The data root or morph's state could not be read or written (I/O error, disk full). */
    public static final int IO_ERROR = 3;
    /** Nothing could run: every stale job the run was asked for (by target or experiment) is blocked by a missing input. */
    public static final int BLOCKED = 4;
    /** A bug in morph: an unexpected exception (run again with --verbose and report it). */
    public static final int INTERNAL = 70;
    /** Interrupted by SIGINT or SIGTERM. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
