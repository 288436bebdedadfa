package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertUsageError;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --probe-threads}, {@code MORPH_PROBE_THREADS} and {@code MORPH_PROBE=reference}: how artifacts are
 * read changes nothing in what status, plan and graph say; bad values are one-line usage errors.
 */
class CliProbeTest {
    @TempDir
    Path tmp;

    @Test
    void probeThreads_anyCountOrTheReferenceProbe_printsTheSame() {
        for (List<String> command : List.of(List.of("status"), List.of("plan", "--format", "json"), List.of("graph", "--jobs"))) {
            String expected = ok(morph(tmp, command.toArray(String[]::new))).out();
            assertTrue(expected.contains("20250101_one"), expected);
            for (String threads : List.of("1", "2", "16")) {
                List<String> args = new java.util.ArrayList<>(List.of("--probe-threads", threads));
                args.addAll(command);
                assertEquals(expected, ok(morph(tmp, args.toArray(String[]::new))).out(), command + " with --probe-threads " + threads);
            }
            for (Map<String, String> vars : List.of(Map.of("MORPH_PROBE_THREADS", "3"), Map.of("MORPH_PROBE", "reference"),
                    Map.of("MORPH_PROBE", "fast"))) {
                assertEquals(expected, ok(morphIn(env(tmp, vars, false), command.toArray(String[]::new))).out(), command + " with " + vars);
            }
        }
    }

    @Test
    void probeThreads_optionBeatsEnvironment() {
        String expected = ok(morph(tmp, "status")).out();
        assertEquals(expected, ok(morphIn(env(tmp, Map.of("MORPH_PROBE_THREADS", "0"), false), "--probe-threads", "2", "status")).out());
    }

    @Test
    void probeThreads_zeroOrNotANumber_isUsageError() {
        assertUsageError(morph(tmp, "--probe-threads", "0", "status"), "--probe-threads '0'", "at least 1");
        assertUsageError(morph(tmp, "plan", "--probe-threads", "-2"), "--probe-threads '-2'", "at least 1");
        assertUsageError(morph(tmp, "status", "--probe-threads", "many"), "--probe-threads", "many");
        assertUsageError(morphIn(env(tmp, Map.of("MORPH_PROBE_THREADS", "lots"), false), "status"), "MORPH_PROBE_THREADS 'lots'");
        assertUsageError(morphIn(env(tmp, Map.of("MORPH_PROBE", "quick"), false), "status"), "MORPH_PROBE 'quick'", "reference");
    }
}
