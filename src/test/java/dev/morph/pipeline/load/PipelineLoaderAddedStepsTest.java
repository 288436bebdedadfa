package dev.morph.pipeline.load;

import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.Scope;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import static dev.morph.pipeline.load.LoaderFixture.argv;
import static dev.morph.pipeline.load.LoaderFixture.assertOnlyProblem;
import static dev.morph.pipeline.load.LoaderFixture.assertProblem;
import static dev.morph.pipeline.load.LoaderFixture.fromStep;
import static dev.morph.pipeline.load.LoaderFixture.invalid;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;
import static dev.morph.pipeline.load.LoaderFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.MorphException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} on a file that {@code extends:} another and adds steps of its own (as
 * {@code pipelines/morphseq-cohort.yaml} adds the cohort tables): they may read the base's steps, and the
 * whole graph is checked again; the base's steps still cannot change what they read or write.
 */
class PipelineLoaderAddedStepsTest {
    private static final String BASE = """
            name: base
            experiments:
              pattern: raw/{microscope}/{exp}/
            params:
              model: m1
            steps:
              stitch:
                aliases: [ff]
                inputs:
                  raw: raw/{attr.microscope}/{exp}/
                outputs:
                  ff: stitched/{exp}/
                  table: tables/{exp}.csv
                command: [python, stitch.py, "{exp}"]
            """;

    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    private Path child(String yaml) {
        loader.write("base.yaml", BASE);
        return loader.write("cohort/child.yaml", yaml);
    }

    @Test
    void load_extendingFileAddingAStep_appendsItAfterTheBasesStepsReadingThem() {
        Path child = child("""
                extends: ../base.yaml
                name: child
                steps:
                  combine:
                    aliases: [all]
                    scope: global
                    inputs:
                      tables: {from: ff.table}
                    outputs:
                      all: combined/all.csv
                    command: [sh, bin/combine.sh, "{outputs.all}", "{inputs.tables}", "{params.model}"]
                """);

        Pipeline p = PipelineLoader.load(child);
        Pipeline base = PipelineLoader.load(loader.path("/lab/pipelines/base.yaml"));
        Step combine = step(p, "combine");

        assertEquals(List.of("stitch", "combine"), p.steps().stream().map(Step::name).toList());
        assertEquals(step(base, "stitch"), step(p, "stitch"), "the base's step is untouched");
        assertEquals(Scope.GLOBAL, combine.scope());
        assertEquals("stitch", fromStep(combine, "tables").step(), "the alias resolved to the base's step");
        assertEquals(List.of("sh", "bin/combine.sh", "{outputs.all}", "{inputs.tables}", "{params.model}"), argv(combine));
        assertEquals(loader.path("/lab/pipelines/cohort"), combine.baseDir(), "its command runs beside the file that declares it");
        assertEquals(List.of("stitch"), StepGraph.of(p).upstreamOf("combine"));
    }

    @Test
    void load_addedStepWritingWhatABaseStepWrites_reportsBothProducers() {
        String yaml = """
                extends: ../base.yaml
                steps:
                  copy:
                    outputs:
                      again: stitched/{exp}/
                    command: [cp, a, b]
                """;

        MorphException e = invalid(child(yaml));

        assertOnlyProblem(e, "/lab/pipelines/cohort/child.yaml", lineOf(yaml, "again:"), "output 'again' of step 'copy'",
                "output 'ff' of step 'stitch'", "one producer");
    }

    @Test
    void load_addedStepWithBadReferences_reportsEachAtItsLine() {
        String yaml = """
                extends: ../base.yaml
                steps:
                  summary:
                    scope: global
                    inputs:
                      tables: {from: stich.table}
                    outputs:
                      out: summary/{exp}.csv
                    command: [sh, x.sh]
                """;

        MorphException e = invalid(child(yaml));

        assertProblem(e, "/lab/pipelines/cohort/child.yaml", lineOf(yaml, "tables:"), "unknown step 'stich'", "did you mean 'stitch'");
        assertProblem(e, "/lab/pipelines/cohort/child.yaml", lineOf(yaml, "out:"), "global", "{exp}");
    }

    @Test
    void load_addingAStepUnderABaseStepsAlias_isAChangeOfThatStepAndRefused() {
        String yaml = """
                extends: ../base.yaml
                steps:
                  ff:
                    outputs:
                      ff: elsewhere/{exp}/
                    command: [sh, x.sh]
                """;

        MorphException e = invalid(child(yaml));

        assertOnlyProblem(e, "/lab/pipelines/cohort/child.yaml", lineOf(yaml, "outputs:"), "'outputs' of step 'stitch'", "cannot be changed");
    }

    @Test
    void load_extendingFileNamingUnknownStepWithoutOutputs_suggestsTheBaseStep() {
        String yaml = """
                extends: ../base.yaml
                steps:
                  stich:
                    command: [sh, x.sh]
                """;

        MorphException e = invalid(child(yaml));

        assertOnlyProblem(e, "/lab/pipelines/cohort/child.yaml", lineOf(yaml, "stich:"), "not in the base pipeline",
                "did you mean 'stitch'", "to add one declare its outputs");
    }
}
