package dev.morph.report;

/**
 * How many terminal columns text takes: ANSI escape sequences take none, combining marks and format
 * characters none, East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms, most emoji)
 * two, everything else one. Used to align tables and to fit live lines to the terminal's width.
 */
public final class DisplayWidth {
    private static final char ESC = '\u001b';

    private DisplayWidth() {
    }

    /** The columns {@code text} takes on a terminal. */
    public static int of(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == ESC) {
                i = skipEscape(text, i);
                continue;
            }
            int cp = text.codePointAt(i);
            width += columns(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    /** {@code text} padded with spaces to {@code width} columns (unchanged if it is already as wide). */
    public static String pad(String text, int width) {
        int w = of(text);
        return w >= width ? text : text + " ".repeat(width - w);
    }

    /**
     * {@code text} cut to at most {@code width} columns, ending in {@code …} when cut; escape sequences are
     * kept (a cut inside coloured text ends with a reset, so no colour leaks onto the next line).
     */
    public static String fit(String text, int width) {
        if (of(text) <= width) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        boolean escapes = false;
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == ESC) {
                int end = skipEscape(text, i);
                out.append(text, i, end);
                escapes = true;
                i = end;
                continue;
            }
            int cp = text.codePointAt(i);
            int w = columns(cp);
            if (used + w > width - 1) {
                break;
            }
            out.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        if (width >= 1) {
            out.append('…');
        }
        if (escapes) {
            out.append("\u001b[0m");
        }
        return out.toString();
    }

    /** The columns one code point takes. */
    static int columns(int cp) {
        if (cp == 0 || cp < 32 || (cp >= 0x7f && cp < 0xa0)) {
            return 0;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || (cp >= 0x1160 && cp <= 0x11ff)) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115f)
                || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
                || (cp >= 0xac00 && cp <= 0xd7a3)
                || (cp >= 0xf900 && cp <= 0xfaff)
                || (cp >= 0xfe10 && cp <= 0xfe19)
                || (cp >= 0xfe30 && cp <= 0xfe6f)
                || (cp >= 0xff00 && cp <= 0xff60)
                || (cp >= 0xffe0 && cp <= 0xffe6)
                || (cp >= 0x1f300 && cp <= 0x1f64f)
                || (cp >= 0x1f900 && cp <= 0x1f9ff)
                || (cp >= 0x20000 && cp <= 0x3fffd);
    }

    /** The index after the escape sequence starting at {@code i} (CSI {@code ESC [ … final}, or ESC and one character). */
    private static int skipEscape(String text, int i) {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '[') {
            j++;
            while (j < text.length() && (text.charAt(j) < 0x40 || text.charAt(j) > 0x7e)) {
                j++;
            }
            return Math.min(text.length(), j + 1);
        }
        return Math.min(text.length(), j + 1);
    }
}
