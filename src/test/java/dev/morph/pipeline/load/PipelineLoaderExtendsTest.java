package dev.morph.pipeline.load;

import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import static dev.morph.pipeline.load.LoaderFixture.argv;
import static dev.morph.pipeline.load.LoaderFixture.assertOnlyProblem;
import static dev.morph.pipeline.load.LoaderFixture.assertProblem;
import static dev.morph.pipeline.load.LoaderFixture.invalid;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;
import static dev.morph.pipeline.load.LoaderFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.MorphException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PipelineLoader} on a pipeline that {@code extends:} another: a child may change how steps run
 * but not the graph; problems in either file are reported with that file's name and line.
 */
class PipelineLoaderExtendsTest {
    private static final String BASE = """
            name: base
            data_root: data
            experiments:
              pattern: raw/{microscope}/{exp}/
            params:
              model: m1
            resources:
              gpus: 1
            steps:
              stitch:
                aliases: [ff]
                inputs:
                  raw: raw/{attr.microscope}/{exp}/
                outputs:
                  ff: stitched/{exp}/
                command: [python, stitch.py, "{exp}"]
                workdir: repo
                params:
                  tiles: "4"
                resources: {cpus: 4, mem: 16G}
                timeout: 4h
              combine:
                scope: global
                inputs:
                  all: {from: stitch}
                outputs:
                  table: combined/all.csv
                command: [python, combine.py]
                timeout: 1h
            """;

    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    private Path writeBase() {
        return loader.write("base.yaml", BASE);
    }

    @Test
    void load_extendingFile_overridesHowStepsRunButKeepsTheGraph() {
        writeBase();
        Path child = loader.write("child.yaml", """
                extends: base.yaml
                name: child
                params:
                  model: m2
                  delay: "0"
                resources:
                  gpus: 2
                steps:
                  stitch:
                    command: [sh, bin/stitch.sh, "{exp}", "{params.delay}"]
                    workdir: .
                    params:
                      tiles: "8"
                    resources: {mem: 1G}
                    timeout: 5m
                """);

        Pipeline p = PipelineLoader.load(child);
        Pipeline base = PipelineLoader.load(loader.path("/lab/pipelines/base.yaml"));
        Step stitch = step(p, "stitch");

        assertEquals("child", p.name());
        assertEquals(List.of("sh", "bin/stitch.sh", "{exp}", "{params.delay}"), argv(stitch));
        assertEquals(Optional.of("."), stitch.workdir().map(Template::source));
        assertEquals(Map.of("tiles", "8"), stitch.params());
        assertEquals(1024, stitch.resources().get(Resources.MEM_MB));
        assertEquals(4, stitch.resources().get(Resources.CPUS), "resources not overridden are kept");
        assertEquals(Optional.of(Duration.ofMinutes(5)), stitch.timeout());
        assertEquals(Map.of("model", "m2", "delay", "0"), p.params());
        assertEquals(2, p.resources().get(Resources.GPUS));
        assertEquals(base.steps().stream().map(Step::name).toList(), p.steps().stream().map(Step::name).toList());
        assertEquals(step(base, "stitch").inputs(), stitch.inputs());
        assertEquals(step(base, "stitch").outputs(), stitch.outputs());
        assertEquals(step(base, "stitch").aliases(), stitch.aliases());
        assertEquals(step(base, "combine"), step(p, "combine"), "a step the child does not name is the base's");
        assertEquals(base.discovery(), p.discovery());
        assertEquals(Optional.of(loader.path("/lab/pipelines/data")), p.dataRoot(), "the base's data_root, relative to the base");
    }

    @Test
    void load_extendingFileWithOwnDataRoot_resolvesItNextToTheChild() {
        writeBase();
        Path child = loader.write("demo/child.yaml", """
                extends: ../base.yaml
                data_root: demo-root
                """);

        Pipeline p = PipelineLoader.load(child);

        assertEquals(Optional.of(loader.path("/lab/pipelines/demo/demo-root")), p.dataRoot());
        assertEquals("base", p.name(), "without 'name:' the base's name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inputs", "outputs", "scope"})
    void load_extendingFileChangingTheGraph_reportsOneErrorAtTheKey(String key) {
        writeBase();
        String change = switch (key) {
            case "inputs" -> "inputs:\n      raw: other/{exp}/";
            case "outputs" -> "outputs:\n      ff: elsewhere/{exp}/";
            default -> "scope: global";
        };
        String yaml = "extends: base.yaml\nsteps:\n  stitch:\n    command: [sh, x.sh]\n    " + change + "\n";
        Path child = loader.write("child.yaml", yaml);

        MorphException e = invalid(child);

        assertProblem(e, "child.yaml", lineOf(yaml, "    " + key + ":"), "'" + key + "'", "stitch", "cannot be changed");
        assertEquals(1, e.lines().size(), () -> String.join("\n", e.lines()));
    }

    @Test
    void load_extendingFileNamingUnknownStep_reportsItWithSuggestion() {
        writeBase();
        String yaml = """
                extends: base.yaml
                steps:
                  stich:
                    command: [sh, x.sh]
                """;
        MorphException e = invalid(loader.write("child.yaml", yaml));

        assertProblem(e, "child.yaml", lineOf(yaml, "stich:"), "'stich'", "not in the base pipeline", "did you mean 'stitch'");
        assertEquals(1, e.lines().size(), () -> String.join("\n", e.lines()));
    }

    @Test
    void load_extendingFileDeclaringExperiments_reportsUnknownKey() {
        writeBase();
        String yaml = """
                extends: base.yaml
                experiments:
                  pattern: other/{exp}/
                """;
        MorphException e = invalid(loader.write("child.yaml", yaml));

        assertProblem(e, "child.yaml", lineOf(yaml, "experiments:"), "'experiments'");
        assertEquals(1, e.lines().size(), () -> String.join("\n", e.lines()));
    }

    @Test
    void load_extendingFileWithBadOverride_reportsTheChildsLine() {
        writeBase();
        String yaml = """
                extends: base.yaml
                steps:
                  stitch:
                    command: [sh, x.sh, "{params.nope}"]
                    timeout: soon
                """;
        MorphException e = invalid(loader.write("child.yaml", yaml));

        assertProblem(e, "child.yaml", lineOf(yaml, "command:"), "{params.nope}");
        assertProblem(e, "child.yaml", lineOf(yaml, "timeout:"), "timeout", "'soon'");
    }

    @Test
    void load_extendsMissingBase_pointsAtTheExtendsLine() {
        MorphException e = invalid(loader.write("child.yaml", "name: child\nextends: nowhere.yaml\n"));

        // The problem is in child.yaml (it names a file that is not there), so that is where to point.
        assertOnlyProblem(e, "child.yaml", 2, "nowhere.yaml", "does not exist");
    }

    @Test
    void load_extendingAnInvalidBase_reportsTheBaseFilesLines() {
        String base = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    scope: cohort
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                """;
        loader.write("base.yaml", base);

        MorphException e = invalid(loader.write("child.yaml", "extends: base.yaml\n"));

        assertOnlyProblem(e, "base.yaml", lineOf(base, "scope: cohort"), "scope 'cohort'");
    }

    @Test
    void load_extendsLoop_reportsTheLoopInsteadOfOverflowing() {
        loader.write("a.yaml", "extends: b.yaml\n");
        loader.write("b.yaml", "extends: a.yaml\n");

        MorphException e = invalid(loader.path("/lab/pipelines/a.yaml"));

        assertTrue(e.lines().get(0).contains("loops back"), e.lines().toString());
    }
}
