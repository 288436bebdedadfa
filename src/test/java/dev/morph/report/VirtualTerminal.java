package dev.morph.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A terminal of a fixed width, enough of one to check a live display: it prints characters (wide ones
 * take two columns), wraps at the right margin as terminals do (and counts each time it had to),
 * understands CR, LF (as CR LF, like a tty's output processing), cursor up ({@code ESC[nA}), erase to
 * the end of the screen ({@code ESC[J}) and of the line ({@code ESC[K}, {@code ESC[2K}), and ignores
 * colours. {@link #resize} rewraps lines as most terminal emulators do.
 */
final class VirtualTerminal {
    /** One screen row: its text, one string per column (a wide character's second column is ""), and whether it wrapped on. */
    private static final class Row {
        final List<String> cells = new ArrayList<>();
        boolean wrapped;

        String text() {
            return String.join("", cells).replaceAll("\\s+$", "");
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private int width;
    private int row;
    private int col;
    private int wraps;

    VirtualTerminal(int width) {
        this.width = width;
        rows.add(new Row());
    }

    /** How many times a printed line reached the right margin and went on in the next row. */
    int wraps() {
        return wraps;
    }

    int width() {
        return width;
    }

    /** The screen's rows as text, trailing blanks cut, without the empty rows at the bottom. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.text()));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    void feed(String text) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '\u001b') {
                i = escape(text, i);
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                col = 0;
                down();
            } else {
                put(new String(Character.toChars(cp)), DisplayWidth.columns(cp));
            }
        }
    }

    private void put(String ch, int columns) {
        if (columns == 0) {
            return;
        }
        if (col + columns > width) {
            wraps++;
            rows.get(row).wrapped = true;
            col = 0;
            down();
        }
        Row r = rows.get(row);
        while (r.cells.size() < col + columns) {
            r.cells.add(" ");
        }
        r.cells.set(col, ch);
        if (columns == 2) {
            r.cells.set(col + 1, "");
        }
        col += columns;
    }

    private void down() {
        row++;
        if (row == rows.size()) {
            rows.add(new Row());
        }
    }

    private int escape(String text, int i) {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '[') {
            return i + 2;
        }
        int j = i + 2;
        while (j < text.length() && (text.charAt(j) < 0x40 || text.charAt(j) > 0x7e)) {
            j++;
        }
        String args = text.substring(i + 2, j);
        char command = text.charAt(j);
        switch (command) {
            case 'A' -> row = Math.max(0, row - (args.isEmpty() ? 1 : Integer.parseInt(args)));
            case 'J' -> {
                truncate(rows.get(row));
                while (rows.size() > row + 1) {
                    rows.remove(rows.size() - 1);
                }
                rows.get(row).wrapped = false;
            }
            case 'K' -> {
                if (args.equals("2")) {
                    rows.get(row).cells.clear();
                } else {
                    truncate(rows.get(row));
                }
            }
            case 'm' -> {
            }
            default -> throw new AssertionError("unexpected escape sequence ESC[" + args + command);
        }
        return j + 1;
    }

    private void truncate(Row r) {
        while (r.cells.size() > col) {
            r.cells.remove(r.cells.size() - 1);
        }
    }

    /** A new width; lines that wrapped are joined and wrapped again at it, the cursor staying on its character. */
    void resize(int newWidth) {
        List<List<String>> logical = new ArrayList<>();
        int cursorLine = 0;
        int cursorOffset = 0;
        List<String> current = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i == row) {
                cursorLine = logical.size();
                cursorOffset = current.size() + col;
            }
            Row r = rows.get(i);
            current.addAll(r.cells);
            if (!r.wrapped) {
                logical.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            logical.add(current);
        }
        width = newWidth;
        rows.clear();
        for (int l = 0; l < logical.size(); l++) {
            List<String> cells = logical.get(l);
            int start = rows.size();
            Row r = new Row();
            rows.add(r);
            for (String cell : cells) {
                if (r.cells.size() == newWidth) {
                    r.wrapped = true;
                    r = new Row();
                    rows.add(r);
                }
                r.cells.add(cell);
            }
            if (l == cursorLine) {
                row = start + Math.min(cursorOffset / newWidth, rows.size() - 1 - start);
                col = cursorOffset - (row - start) * newWidth;
            }
        }
        if (rows.isEmpty()) {
            rows.add(new Row());
            row = 0;
            col = 0;
        }
    }
}
