package dev.morph.pipeline.load;

import dev.morph.pipeline.Pipeline;
import static dev.morph.pipeline.load.LoaderFixture.assertOnlyProblem;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;
import static dev.morph.pipeline.load.LoaderFixture.output;
import static dev.morph.pipeline.load.LoaderFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.MorphException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} on placeholders and paths: unknown placeholders (with suggestions), what a
 * global step may use, and paths that must stay inside the data root.
 */
class PipelineLoaderPlaceholdersTest {
    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    @Test
    void load_unknownPlaceholder_namesItAndTheStep() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [tool, "{foo}"]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "command:"), "unknown placeholder '{foo}'", "step 'a' command");
    }

    @Test
    void load_attributeWithoutAttrPrefix_suggestsAttrForm() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{microscope}/{exp}.txt
                    command: [tool]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "o: a/"), "unknown placeholder '{microscope}'", "output 'o'",
                "did you mean 'attr.microscope'");
    }

    @Test
    void load_unknownParamPlaceholder_suggestsTheDeclaredParam() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                params:
                  model: m1
                steps:
                  a:
                    outputs:
                      o: a/{params.modle}/{exp}.txt
                    command: [tool, "{params.model}"]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "o: a/"), "unknown placeholder '{params.modle}'", "did you mean 'params.model'");
    }

    @Test
    void load_stepParamPlaceholder_isKnownToThatStep() {
        Pipeline p = loader.load("""
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    params:
                      size: "3"
                    outputs:
                      o: a/{params.size}/{exp}.txt
                    command: [tool, "{params.size}", "{root}", "{run_id}", "{step}", "{outputs.o}"]
                """);

        assertEquals(Map.of("size", "3"), step(p, "a").params());
    }

    @Test
    void load_globalStepUsingExp_saysGlobalStepsHaveNoExperiment() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  g:
                    scope: global
                    outputs:
                      o: g/{exp}.txt
                    command: [tool]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "o: g/"), "global step 'g'", "{exp}", "runs once for all experiments");
    }

    @Test
    void load_globalStepUsingAttribute_saysGlobalStepsHaveNoExperiment() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/{exp}/
                steps:
                  g:
                    scope: global
                    outputs:
                      o: g/all.txt
                    command: [tool, "{attr.microscope}"]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "command:"), "global step 'g'", "{attr.microscope}", "runs once for all experiments");
    }

    @Test
    void load_outputClimbingOutOfTheRoot_isRejected() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: ../x/{exp}.txt
                    command: [tool]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "o: ../x"), "'../x/{exp}.txt'", "leaves the data root");
    }

    @Test
    void load_absoluteInputPath_isRejected() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    inputs:
                      ref: /abs/ref.csv
                    outputs:
                      o: a/{exp}.txt
                    command: [tool]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "ref: /abs"), "'/abs/ref.csv'", "leaves the data root");
    }

    @Test
    void load_pathClimbingWithinTheRoot_isAccepted() {
        Pipeline p = loader.load("""
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/b/../{exp}.txt
                    command: [tool]
                """);

        assertEquals("a/b/../{exp}.txt", output(step(p, "a"), "o").spec().path().source());
    }
}
