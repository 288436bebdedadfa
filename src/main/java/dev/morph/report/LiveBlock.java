package dev.morph.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A block of lines redrawn in place at the bottom of a terminal, with lines that stay printed above
 * it. Every line is cut to one column less than the width it is drawn at, so the terminal never wraps
 * one (which would leave a stale copy behind on the next redraw). Before each redraw the cursor goes
 * back up over the rows the last block takes at the current width: after a resize, a terminal that
 * rewraps its lines (most do) shows a line drawn wider in several rows, and those are erased too.
 */
final class LiveBlock {
    private static final String CSI = "\u001b[";

    private final PrintWriter out;
    private List<String> shown = List.of();

    LiveBlock(PrintWriter out) {
        this.out = out;
    }

    /** Replaces the block with {@code lines}, each cut to fit {@code width} columns. */
    void draw(List<String> lines, int width) {
        StringBuilder s = new StringBuilder(erase(width));
        List<String> fitted = new ArrayList<>(lines.size());
        for (String line : lines) {
            fitted.add(DisplayWidth.fit(line, Math.max(1, width - 1)));
        }
        s.append(String.join("\n", fitted));
        out.print(s);
        out.flush();
        shown = fitted;
    }

    /** Prints {@code line} above the block (cut to the width), then the block again. */
    void above(String line, int width) {
        List<String> block = shown;
        out.print(erase(width));
        out.print(DisplayWidth.fit(line, Math.max(1, width - 1)) + "\n");
        shown = List.of();
        draw(block, width);
    }

    /** Removes the block, leaving the cursor at the start of the row where it began. */
    void clear(int width) {
        out.print(erase(width));
        out.flush();
        shown = List.of();
    }

    private String erase(int width) {
        if (shown.isEmpty()) {
            return "";
        }
        int rows = 0;
        for (String line : shown) {
            rows += Math.max(1, (DisplayWidth.of(line) + width - 1) / Math.max(1, width));
        }
        return "\r" + (rows > 1 ? CSI + (rows - 1) + "A" : "") + CSI + "J";
    }
}
