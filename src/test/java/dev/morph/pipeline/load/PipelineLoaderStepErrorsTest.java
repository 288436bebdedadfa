package dev.morph.pipeline.load;

import static dev.morph.pipeline.load.LoaderFixture.assertOnlyProblem;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;

import dev.morph.MorphException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} errors in the shape of a step and its settings: outputs, command, scope,
 * resources, timeout, {@code when:}, shared output paths, rerun triggers and an empty {@code steps:}.
 */
class PipelineLoaderStepErrorsTest {
    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    @Test
    void load_stepWithoutOutputs_saysMorphCannotTellIfUpToDate() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "step 'a'", "declares no outputs");
    }

    @Test
    void load_stepWithEmptyOutputs_saysMorphCannotTellIfUpToDate() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs: {}
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "outputs:"), "step 'a'", "declares no outputs");
    }

    @Test
    void load_stepWithoutCommand_saysSo() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "step 'a'", "has no command");
    }

    @Test
    void load_emptyCommandList_saysItMustNotBeEmpty() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: []
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "command:"), "step 'a'", "command must not be empty");
    }

    @Test
    void load_badScope_namesTheValidScopes() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    scope: cohort
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "scope: cohort"), "scope 'cohort'", "'experiment' or 'global'");
    }

    @Test
    void load_badMemory_showsTheAcceptedForms() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    resources:
                      cpus: 2
                      mem: lots
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "mem: lots"), "memory 'lots'", "16G");
    }

    @Test
    void load_badResourceCount_saysItMustBeAWholeNumber() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    resources:
                      cpus: many
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "cpus: many"), "'cpus'", "whole number", "'many'");
    }

    @Test
    void load_badTimeout_showsTheAcceptedForms() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    timeout: soon
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "timeout: soon"), "timeout", "'soon'", "1h30m");
    }

    @Test
    void load_zeroTimeout_isRejected() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    timeout: 0s
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "timeout: 0s"), "timeout must be longer than zero");
    }

    @Test
    void load_whenOnUnknownAttribute_suggestsTheAttribute() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/{exp}/
                steps:
                  a:
                    when:
                      microscop: [YX1]
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "microscop: [YX1]"), "'when' tests 'microscop'", "not an experiment attribute",
                "did you mean 'microscope'");
    }

    @Test
    void load_twoStepsWritingTheSamePath_saysEveryArtifactHasOneProducer() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: shared/{exp}.csv
                    command: [x]
                  b:
                    outputs:
                      also: shared/./{exp}.csv
                    command: [y]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "also: shared"), "output 'also' of step 'b'", "same path as output 'o' of step 'a'",
                "one producer");
    }

    @Test
    void load_badRerunTrigger_namesTheValidTriggers() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                rerun_triggers: [mtime, checksum]
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "rerun_triggers:"), "'checksum'", "mtime, command, params");
    }

    @Test
    void load_noSteps_saysThePipelineDeclaresNone() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps: {}
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "steps:"), "declares no steps");
    }
}
