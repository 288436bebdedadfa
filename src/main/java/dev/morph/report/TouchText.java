package dev.morph.report;

import dev.morph.app.TouchService;
import java.io.PrintWriter;

/** What {@code morph touch} did: the jobs marked up to date, then those it could not mark and why. */
public final class TouchText {
    private static final int SHOWN = 20;

    private final Style style;

    public TouchText(Style style) {
        this.style = style;
    }

    public void print(TouchService.Touched touched, boolean dryRun, PrintWriter out) {
        if (touched.marked().isEmpty() && touched.left().isEmpty()) {
            out.println("Nothing to mark: every job of the target is up to date (or blocked).");
            return;
        }
        String verb = dryRun ? "Would mark" : "Marked";
        out.println(style.green(verb + " " + RunSummary.words(touched.marked().size(), "job") + " up to date")
                + (dryRun || touched.marked().isEmpty() ? "" : " (journal: " + touched.id() + ")") + (touched.marked().isEmpty() ? "." : ":"));
        touched.marked().stream().limit(SHOWN).forEach(id -> out.println("  " + id.shown()));
        if (touched.marked().size() > SHOWN) {
            out.println("  … and " + (touched.marked().size() - SHOWN) + " more");
        }
        if (!touched.left().isEmpty()) {
            out.println(style.yellow("Not marked") + " (" + RunSummary.words(touched.left().size(), "job") + "):");
            touched.left().entrySet().stream().limit(SHOWN).forEach(e -> out.println("  " + e.getKey().shown() + "  " + e.getValue()));
            if (touched.left().size() > SHOWN) {
                out.println("  … and " + (touched.left().size() - SHOWN) + " more");
            }
        }
    }
}
