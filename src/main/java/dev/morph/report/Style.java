package dev.morph.report;

import dev.morph.app.Cell;
import dev.morph.text.Zone;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How output looks: ANSI colour (only on a terminal, never with {@code NO_COLOR}), Unicode symbols
 * (only when the locale can show them), and the zone times are shown in .
 */
public record Style(boolean color, boolean unicode, Zone zone) {
    public static final Style PLAIN = new Style(false, false, Zone.UTC);

    /** Times shown in {@code zone}, or in this machine's when it is empty. */
    public static Style of(boolean color, boolean unicode, Optional<ZoneId> zone) {
        return new Style(color, unicode, zone.map(Zone::of).orElseGet(Zone::system));
    }

    public String paint(String ansi, String text) {
        return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }

    /** A cell's symbol, coloured as its state. */
    public String symbol(Cell cell) {
        return paint(cell.ansi(), unicode ? cell.unicode() : cell.ascii());
    }

    /** Text coloured as a cell's state. */
    public String paint(Cell cell, String text) {
        return paint(cell.ansi(), text);
    }

    public String bold(String text) {
        return paint("1", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }

    public String red(String text) {
        return paint("31", text);
    }

    public String green(String text) {
        return paint("32", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }
}
