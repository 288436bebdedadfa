package dev.morph.pipeline.load;

import static dev.morph.pipeline.load.LoaderFixture.FILE;
import static dev.morph.pipeline.load.LoaderFixture.assertOnlyProblem;
import static dev.morph.pipeline.load.LoaderFixture.assertProblem;
import static dev.morph.pipeline.load.LoaderFixture.invalid;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.MorphException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} errors about the file as a whole and its top-level sections: malformed YAML,
 * empty or missing files, unknown keys, and the {@code experiments:} section. Each is a
 * {@link MorphException} (exit code 2) naming the file and the line of the problem.
 */
class PipelineLoaderFileErrorsTest {
    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    @Test
    void load_malformedYaml_reportsLineOfTheProblem() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    command: [x]
                   outputs: y
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "   outputs: y"), "malformed YAML");
    }

    @Test
    void load_tabIndentation_reportsTheTabsLineAndCause() {
        String yaml = "experiments:\n  pattern: raw/{exp}/\nsteps:\n  a:\n    outputs:\n      o: x/{exp}.txt\n\tcommand: [x]\n";
        MorphException e = loader.invalid(yaml);

        // The tab is on line 7; the message must say what is wrong there, not only SnakeYAML's context.
        assertOnlyProblem(e, 7, "malformed YAML");
        assertTrue(e.lines().get(0).toLowerCase(Locale.ROOT).contains("tab"), e.lines().get(0));
    }

    @Test
    void load_unclosedFlowList_reportsMalformedYaml() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a: [unclosed
                """;
        MorphException e = loader.invalid(yaml);

        assertEquals(1, e.lines().size());
        assertTrue(e.lines().get(0).contains(FILE + ":"), e.lines().get(0));
        assertTrue(e.lines().get(0).contains("malformed YAML"), e.lines().get(0));
    }

    @Test
    void load_emptyFile_saysItIsEmpty() {
        MorphException e = loader.invalid("");

        assertOnlyProblem(e, 1, "empty");
    }

    @Test
    void load_commentOnlyFile_saysItIsEmpty() {
        MorphException e = loader.invalid("# nothing here yet\n");

        assertOnlyProblem(e, 1, "empty");
    }

    @Test
    void load_missingFile_saysItDoesNotExist() {
        MorphException e = invalid(loader.path("/lab/pipelines/absent.yaml"));

        assertEquals(1, e.lines().size());
        assertTrue(e.lines().get(0).contains("absent.yaml"), e.lines().get(0));
        assertTrue(e.lines().get(0).contains("does not exist"), e.lines().get(0));
    }

    @Test
    void load_notUtf8_saysSoAndWhatToDo() throws IOException {
        Path file = loader.write(FILE, "name: x\n");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'}); // Latin-1 é

        MorphException e = invalid(file);

        assertEquals(List.of("pipeline file '" + file + "' is not UTF-8 text; save it as UTF-8"), e.lines());
    }

    /** Files on the default file system are read another way (java.io); the same answers there. */
    @Test
    void load_onTheDefaultFileSystem_missingOrNotUtf8_saysSo(@TempDir Path dir) throws IOException {
        Path absent = dir.resolve("absent.yaml");
        assertEquals(List.of("pipeline file '" + absent + "' does not exist; pass --pipeline FILE or set MORPH_PIPELINE"),
                invalid(absent).lines());

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals(List.of("pipeline file '" + latin1 + "' is not UTF-8 text; save it as UTF-8"), invalid(latin1).lines());

        Path good = dir.resolve("p.yaml");
        Files.writeString(good, "name: héllo # ü\nexperiments: {pattern: 'raw/{exp}/'}\nsteps:\n  a: {outputs: {o: 'x/{exp}.txt'}, command: [true]}\n",
                StandardCharsets.UTF_8);
        assertEquals("héllo", PipelineLoader.load(good).name());
    }

    @Test
    void load_topLevelList_saysItMustBeAMapping() {
        MorphException e = loader.invalid("- a\n- b\n");

        assertOnlyProblem(e, 1, "must be a mapping");
    }

    @Test
    void load_unknownTopLevelKey_suggestsTheClosestKey() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                resource:
                  gpus: 1
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "resource:"), "unknown key 'resource'", "did you mean 'resources'");
    }

    @Test
    void load_unknownStepKey_suggestsTheClosestKey() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    timout: 1h
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "timout:"), "unknown key 'timout'", "step 'a'", "did you mean 'timeout'");
    }

    // ---------------------------------------------------------------- experiments

    @Test
    void load_missingExperimentsSection_saysHowToFindExperiments() {
        String yaml = """
                name: x
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertProblem(e, 1, "missing 'experiments:'");
    }

    @Test
    void load_experimentsWithoutPattern_reportsTheExperimentsLine() {
        String yaml = """
                name: x
                experiments:
                  ignore: [".*"]
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "experiments:"), "'experiments' needs a 'pattern'");
    }

    @Test
    void load_patternWithoutExp_saysItMustCaptureExp() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/
                steps:
                  a:
                    outputs:
                      o: a/x.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "pattern:"), "must capture the experiment name as {exp}");
    }

    @Test
    void load_patternOutsideTheRoot_isRejected() {
        String yaml = """
                experiments:
                  pattern: ../raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "pattern:"), "'../raw/{exp}/'", "inside");
    }
}
