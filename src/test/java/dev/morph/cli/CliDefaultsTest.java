package dev.morph.cli;

import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.root;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the pipeline and the data root come from when not given: {@code MORPH_PIPELINE},
 * {@code MORPH_DATA_ROOT}, {@code morph.yaml} in the current directory, the pipeline's {@code data_root}, and
 * which wins.
 */
class CliDefaultsTest {
    @TempDir
    Path tmp;

    private String header(Result r) {
        return ok(r).outLines().get(0);
    }

    @Test
    void defaults_pipelineAndDataRootFromEnvironment() {
        Lab.create(tmp);
        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "pipe.yaml", "MORPH_DATA_ROOT", "root"), false), "status");

        assertEquals("mini · data root " + root(tmp) + " · 3 experiments", header(r));
    }

    @Test
    void defaults_pipelineFromMorphYamlInCurrentDirectory() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("morph.yaml"), Lab.PIPELINE.replace("name: mini", "name: from-cwd"));

        Result r = run(env(tmp), "-r", "root", "status");

        assertTrue(header(r).startsWith("from-cwd · "), r.out());
    }

    @Test
    void defaults_environmentPipelineBeatsMorphYaml() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("morph.yaml"), Lab.PIPELINE.replace("name: mini", "name: from-cwd"));

        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "pipe.yaml"), false), "-r", "root", "status");

        assertTrue(header(r).startsWith("mini · "), r.out());
    }

    @Test
    void defaults_pipelineOptionBeatsEnvironment() {
        Lab.create(tmp);
        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "missing.yaml"), false), "-p", "pipe.yaml", "-r", "root", "status");

        assertTrue(header(r).startsWith("mini · "), r.out());
    }

    @Test
    void defaults_dataRootOptionBeatsEnvironment() {
        Lab.create(tmp);
        Result r = run(env(tmp, Map.of("MORPH_DATA_ROOT", "missing-root"), false), "-p", "pipe.yaml", "-r", "root", "status");

        assertEquals("mini · data root " + root(tmp) + " · 3 experiments", header(r));
    }

    @Test
    void defaults_dataRootFromThePipelineRelativeToItsFile() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("pipelines/with-root.yaml"), Lab.PIPELINE.replace("name: mini", "name: mini\ndata_root: ../root"));
        Path elsewhere = tmp.resolve("elsewhere");
        Lab.text(elsewhere.resolve("README"), "cwd is not the pipeline's directory\n");

        Result r = run(env(elsewhere), "-p", "../pipelines/with-root.yaml", "status");

        assertEquals("mini · data root " + root(tmp) + " · 3 experiments", header(r));
    }

    @Test
    void defaults_environmentDataRootBeatsThePipelines() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("with-root.yaml"), Lab.PIPELINE.replace("name: mini", "name: mini\ndata_root: root"));
        Lab.file(tmp.resolve("other-root"), "raw/a/20250301_solo/img.tif", Lab.at(1, 10));

        Result r = run(env(tmp, Map.of("MORPH_DATA_ROOT", "other-root"), false), "-p", "with-root.yaml", "status");

        assertTrue(header(r).startsWith("mini · data root " + tmp.resolve("other-root") + " · 1 experiment"), r.out());
    }

    @Test
    void defaults_emptyEnvironmentValues_areIgnored() {
        Lab.create(tmp);
        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "", "MORPH_DATA_ROOT", ""), false), "-p", "pipe.yaml", "-r", "root", "status");

        assertTrue(header(r).startsWith("mini · "), r.out());
    }
}
