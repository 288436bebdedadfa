package dev.morph.app;

import dev.morph.plan.JobPlan;
import dev.morph.plan.Reason;

/**
 * What {@code morph status} shows for one job: the planner's state, with "stale" split into
 * {@code MISSING} (an output does not exist yet) and {@code STALE} (outputs exist but are out of date),
 * and the journal's {@code RUNNING} and {@code FAILED}.
 */
public enum Cell {
    UP_TO_DATE("up-to-date", "✓", "=", "32"),
    STALE("stale", "~", "~", "33"),
    MISSING("missing", "+", "+", "36"),
    BLOCKED("blocked", "✗", "x", "31"),
    NOT_APPLICABLE("n/a", "·", ".", "2"),
    RUNNING("running", "▶", ">", "35"),
    FAILED("failed", "!", "!", "1;31");

    private final String word;
    private final String unicode;
    private final String ascii;
    private final String ansi;

    Cell(String word, String unicode, String ascii, String ansi) {
        this.word = word;
        this.unicode = unicode;
        this.ascii = ascii;
        this.ansi = ansi;
    }

    public String word() {
        return word;
    }

    /** The symbol where the locale can show Unicode. */
    public String unicode() {
        return unicode;
    }

    /** The symbol in plain ASCII. */
    public String ascii() {
        return ascii;
    }

    /** The ANSI colour this state is painted in on a terminal. */
    public String ansi() {
        return ansi;
    }

    public static Cell of(JobPlan plan) {
        return switch (plan.state()) {
            case UP_TO_DATE -> UP_TO_DATE;
            case BLOCKED -> BLOCKED;
            case NOT_APPLICABLE -> NOT_APPLICABLE;
            case STALE -> plan.reasons().stream().anyMatch(r -> r instanceof Reason.MissingOutput) ? MISSING : STALE;
        };
    }
}
