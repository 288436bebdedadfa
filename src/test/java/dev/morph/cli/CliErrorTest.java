package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertNoStackTrace;
import static dev.morph.cli.CliFixture.assertUsageError;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors and exit codes: every usage error is one {@code morph: error:} line with exit code 2, no stack
 * trace (unless {@code --verbose}) and, where it helps, a suggestion; an invalid pipeline lists every problem.
 */
class CliErrorTest {
    @TempDir
    Path tmp;

    @Test
    void error_unknownOption_oneLineExit2() {
        String line = assertUsageError(morph(tmp, "status", "--bogus"), "--bogus");

        assertTrue(line.contains("Unknown option") || line.contains("unknown option"), line);
    }

    @Test
    void error_misspeltOption_suggestsTheOption() {
        assertUsageError(morph(tmp, "status", "--formt", "json"), "--formt", "did you mean", "--format");
    }

    @Test
    void error_unknownCommand_suggestsTheCommand() {
        assertUsageError(morph(tmp, "stauts"), "stauts", "did you mean", "status");
    }

    @Test
    void error_missingRunId_oneLineExit2() {
        assertUsageError(morph(tmp, "logs"), "missing 'RUN_ID'", "morph logs --help");
        assertUsageError(morph(tmp, "runs", "show"), "missing 'RUN_ID'", "morph runs show --help");
    }

    @Test
    void error_noParserJargon() {
        String[][] cases = {{"plan", "--param", "x"}, {"logs", "r1", "job", "extra"}, {"run", "-j", "x"}, {"run", "-j"}, {"stauts"},
                {"status", "--format", "xml"}};
        for (String[] args : cases) {
            String line = assertUsageError(morph(tmp, args));
            for (String jargon : new String[] {"index", "option option", "Unmatched", "Missing required parameter", "is not an int"}) {
                assertFalse(line.contains(jargon), () -> "'" + jargon + "' in: " + line);
            }
        }
        assertUsageError(morph(tmp, "plan", "--param", "x"), "option '--param' takes NAME=VALUE, not x");
        assertUsageError(morph(tmp, "run", "-j", "x"), "option '--jobs' takes a number, not 'x'");
        assertUsageError(morph(tmp, "status", "--format", "xml"), "takes one of table, json, not 'xml'");
    }

    @Test
    void error_tooManyPositionals_oneLineExit2() {
        assertUsageError(morph(tmp, "logs", "r1", "job", "extra"), "extra", "morph logs --help");
    }

    @Test
    void error_badFormatValue_oneLineExit2() {
        assertUsageError(morph(tmp, "status", "--format", "xml"), "xml");
    }

    @Test
    void error_unknownStepTarget_suggestsCloseStep() {
        assertUsageError(morph(tmp, "plan", "prepp"), "unknown step 'prepp'", "did you mean 'prep'");
    }

    @Test
    void error_unknownForceStep_suggestsCloseStep() {
        assertUsageError(morph(tmp, "plan", "--force-step", "embd"), "unknown step 'embd'", "did you mean", "'embed'");
    }

    @Test
    void error_unknownExperiment_suggestsCloseExperiment() {
        assertUsageError(morph(tmp, "status", "-e", "20250102_tow"), "unknown experiment '20250102_tow'", "did you mean", "'" + Lab.TWO + "'");
    }

    @Test
    void error_unknownExperimentInPlan_suggestsCloseExperiment() {
        assertUsageError(morph(tmp, "plan", "--experiments", Lab.ONE + ",20250103_thre"), "unknown experiment '20250103_thre'",
                "did you mean", "'" + Lab.THREE + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-02", "20251302", "20250230", "yesterday"})
    void error_malformedLaterThan_namesTheValueAndTheFormat(String value) {
        assertUsageError(morph(tmp, "status", "--later-than", value), "--later-than", "'" + value + "'", "YYYYMMDD");
    }

    @Test
    void error_malformedEarlierThanInPlan_namesTheValueAndTheFormat() {
        assertUsageError(morph(tmp, "plan", "--earlier-than", "2025"), "--earlier-than", "'2025'", "YYYYMMDD");
    }

    @Test
    void error_unknownParam_suggestsCloseParam() {
        assertUsageError(morph(tmp, "plan", "--param", "modle=m2"), "unknown param 'modle'", "did you mean 'model'");
    }

    @Test
    void error_badRerunTrigger_namesValidTriggers() {
        assertUsageError(morph(tmp, "plan", "--rerun-triggers", "mtime,checksum"), "'checksum'", "mtime");
    }

    @Test
    void error_missingPipelineFile_namesIt() {
        Lab.create(tmp);
        assertUsageError(run(env(tmp), "-p", "nope.yaml", "-r", "root", "status"), "nope.yaml", "does not exist");
    }

    @Test
    void error_pipelineIsADirectory_saysSoInsteadOfMalformedYaml() {
        Lab.create(tmp);
        String line = assertUsageError(run(env(tmp), "-p", "root", "-r", "root", "status"), "root", "directory");

        assertFalse(line.contains("malformed YAML"), "a directory is not a YAML syntax error: " + line);
    }

    @Test
    void error_noPipelineAnywhere_saysHowToGiveOne() {
        Lab.create(tmp);
        Path empty = tmp.resolve("elsewhere");
        Lab.text(empty.resolve("README"), "nothing\n");

        assertUsageError(run(env(empty), "-r", "../root", "status"), "--pipeline", "MORPH_PIPELINE", "morph.yaml");
    }

    @Test
    void error_dataRootDoesNotExist_namesIt() {
        Lab.create(tmp);
        assertUsageError(run(env(tmp), "-p", "pipe.yaml", "-r", "no-such-root", "status"), "no-such-root", "does not exist");
    }

    @Test
    void error_dataRootIsAFile_namesIt() {
        Lab.create(tmp);
        assertUsageError(run(env(tmp), "-p", "pipe.yaml", "-r", "pipe.yaml", "plan"), "pipe.yaml", "not a directory");
    }

    @Test
    void error_noDataRootAnywhere_saysHowToGiveOne() {
        Lab.create(tmp);
        assertUsageError(run(env(tmp), "-p", "pipe.yaml", "status"), "--data-root", "MORPH_DATA_ROOT", "data_root");
    }

    @Test
    void error_invalidPipeline_printsEveryProblemWithFileAndLine() {
        Lab.create(tmp);
        String bad = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    scope: cohort
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    timeout: soon
                """;
        Lab.text(tmp.resolve("bad.yaml"), bad);

        Result r = run(env(tmp), "-p", "bad.yaml", "-r", "root", "status");

        assertEquals(2, r.code(), r.err());
        assertEquals(2, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).matches("morph: error: .*bad\\.yaml:5: .*scope 'cohort'.*"), r.err());
        assertTrue(r.errLines().get(1).matches("morph: error: .*bad\\.yaml:9: .*'soon'.*"), r.err());
        assertNoStackTrace(r.err());
        assertEquals("", r.out());
    }

    @Test
    void error_invalidPipelineForGraph_exit2() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("bad.yaml"), "steps: [\n");

        Result r = run(env(tmp), "-p", "bad.yaml", "graph");

        assertEquals(2, r.code(), r.err());
        assertTrue(r.errLines().get(0).matches("morph: error: .*bad\\.yaml:\\d+: malformed YAML.*"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void error_verbose_addsTheStackTrace() {
        Result r = morph(tmp, "plan", "prepp", "--verbose");

        assertEquals(2, r.code());
        assertTrue(r.errLines().get(0).startsWith("morph: error: unknown step 'prepp'"), r.err());
        assertTrue(r.err().contains("\tat "), "stack trace with --verbose:\n" + r.err());
        assertTrue(r.err().contains("MorphException"), r.err());
    }

    @Test
    void error_verboseBeforeTheCommand_addsTheStackTrace() {
        Lab.create(tmp);
        Result r = run(env(tmp), "--verbose", "-p", "pipe.yaml", "-r", "root", "status", "-e", "nope");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), "stack trace with --verbose:\n" + r.err());
    }
}
