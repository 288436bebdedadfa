package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertLine;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.json;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Colours and symbols: ANSI escapes only on a terminal that allows them ({@code --no-color},
 * {@code NO_COLOR}, {@code TERM=dumb}), never in JSON; Unicode state symbols under a UTF-8 locale.
 */
class CliColourTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_notATerminal_noAnsiEscapes(String command) {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of(), false), command));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_terminal_usesAnsiEscapes(String command) {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of(), true), command));

        assertTrue(r.out().contains(ESC + "["), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_terminalWithNoColorOption_noAnsiEscapes(String command) {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of(), true), command, "--no-color"));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_terminalWithNoColorEnv_noAnsiEscapes(String command) {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of("NO_COLOR", "1"), true), command));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @Test
    void colour_noColorOptionBeforeTheCommand_noAnsiEscapes() {
        Lab.create(tmp);
        Result r = ok(run(env(tmp, Map.of(), true), "--no-color", "-p", "pipe.yaml", "-r", "root", "status"));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @Test
    void colour_dumbTerminal_noAnsiEscapes() {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of("TERM", "dumb"), true), "status"));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @Test
    void colour_jsonOnATerminal_staysPlainJson() {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of(), true), "plan", "--format", "json"));

        assertFalse(r.out().contains(ESC), r.out());
        json(r);
    }

    @Test
    void status_utf8Locale_usesUnicodeSymbols() {
        Result r = ok(morphIn(env(Lab.create(tmp), Map.of("LANG", "en_US.UTF-8"), false), "status"));

        assertLine(r, Lab.TWO + "\\s+a\\s+✓\\s+\\+");
        assertLine(r, Lab.THREE + "\\s+b\\s+\\+\\s+✗");
    }
}
