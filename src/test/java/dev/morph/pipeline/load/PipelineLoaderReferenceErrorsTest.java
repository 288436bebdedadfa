package dev.morph.pipeline.load;

import static dev.morph.pipeline.load.LoaderFixture.assertOnlyProblem;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;

import dev.morph.MorphException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} errors in how steps refer to each other: unknown steps and outputs in
 * {@code from:}, duplicate names and aliases, reserved names, and dependency cycles.
 */
class PipelineLoaderReferenceErrorsTest {
    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    @Test
    void load_fromUnknownStep_suggestsTheClosestStep() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  stitch:
                    outputs:
                      ff: ff/{exp}/
                    command: [x]
                  segment:
                    inputs:
                      ff: {from: stich.ff}
                    outputs:
                      masks: masks/{exp}/
                    command: [y]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "from: stich"), "unknown step 'stich'", "did you mean 'stitch'");
    }

    @Test
    void load_fromUnknownOutput_namesTheStepsOutputs() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  stitch:
                    outputs:
                      ff: ff/{exp}/
                      meta: meta/{exp}.csv
                    command: [x]
                  segment:
                    inputs:
                      ff: {from: stitch.fff}
                    outputs:
                      masks: masks/{exp}/
                    command: [y]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "from: stitch.fff"), "unknown output 'fff'", "step 'stitch'", "did you mean 'ff'",
                "ff, meta");
    }

    @Test
    void load_duplicateStepName_reportsDuplicateKeyWithFirstLine() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                  a:
                    outputs:
                      o: b/{exp}.txt
                    command: [y]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:", 2), "duplicate key 'a'", "first at line " + lineOf(yaml, "  a:"));
    }

    @Test
    void load_duplicateAlias_reportsBothSteps() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    aliases: [first]
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                  b:
                    aliases: [first]
                    outputs:
                      o: b/{exp}.txt
                    command: [y]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  b:"), "alias 'first'", "step 'b'", "already an alias of step 'a'");
    }

    @Test
    void load_aliasEqualToAnotherStepsName_isRejected() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                  b:
                    aliases: [a]
                    outputs:
                      o: b/{exp}.txt
                    command: [y]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  b:"), "alias 'a'", "step 'b'", "the name of step 'a'");
    }

    @Test
    void load_stepNamedE2e_saysTheNameIsReserved() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  e2e:
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "e2e:"), "'e2e'", "reserved");
    }

    @Test
    void load_aliasE2e_saysTheNameIsReserved() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    aliases: [e2e]
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "'e2e'", "reserved");
    }
    // ---------------------------------------------------------------- cycles

    @Test
    void load_cycle_reportsCycleInOrder() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  b:
                    inputs:
                      x: {from: a}
                    outputs:
                      o: b/{exp}.txt
                    command: [x]
                  c:
                    inputs:
                      x: {from: b}
                    outputs:
                      o: c/{exp}.txt
                    command: [x]
                  a:
                    inputs:
                      x: {from: c}
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "dependency cycle: a -> b -> c -> a");
    }

    @Test
    void load_selfReference_reportsCycleOfOneStep() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    inputs:
                      mine: {from: a.o}
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "dependency cycle: a -> a");
    }
}
