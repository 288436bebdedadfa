package dev.morph.pipeline.load;

import dev.morph.pipeline.ArtifactKind;
import dev.morph.pipeline.Input;
import dev.morph.pipeline.Location;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.PathSpec;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Scope;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import static dev.morph.pipeline.load.LoaderFixture.FILE;
import static dev.morph.pipeline.load.LoaderFixture.argv;
import static dev.morph.pipeline.load.LoaderFixture.fromStep;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;
import static dev.morph.pipeline.load.LoaderFixture.output;
import static dev.morph.pipeline.load.LoaderFixture.staticInput;
import static dev.morph.pipeline.load.LoaderFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} on valid pipelines written inline on Jimfs: top-level settings, steps, aliases,
 * scopes, inputs, outputs, commands, resources and defaults are read as written.
 */
class PipelineLoaderValidTest {
    private static final String VALID = """
            name: demo
            data_root: ../data
            experiments:
              pattern: raw/{microscope}/{exp}/
              values:
                microscope: [Keyence, YX1]
              ignore: [".*", "ignore*"]
            params:
              model: m1
              repo: ../repo
            rerun_triggers: [mtime, command]
            resources:
              gpus: 2
            steps:
              stitch:
                aliases: [ff, build01]
                scope: experiment
                inputs:
                  raw: raw/{attr.microscope}/{exp}/
                  wells: meta/{exp}_wells.xlsx
                  tiles: {glob: "raw/{attr.microscope}/{exp}/*.tif"}
                  shorthand_glob: "raw/{attr.microscope}/{exp}/*.nd2"
                outputs:
                  ff: stitched/{exp}/
                  meta: meta/built/{exp}.csv
                command: [python, -m, stitch, "{exp}", "{inputs.raw}", "{outputs.ff}", "{params.tile_size}"]
                workdir: "{params.repo}"
                params:
                  tile_size: "512"
                resources: {cpus: 4, mem: 16G}
                timeout: 1h30m
                when:
                  microscope: [YX1]
              embed:
                inputs:
                  ff: {from: ff.ff}
                  meta: {from: stitch, output: meta}
                outputs:
                  latents: latents/{params.model}/{exp}.csv
                command: "embed --model {params.model} {inputs.ff} > {outputs.latents}"
                resources: {mem_gb: 2, gpus: 1}
                timeout: 45m
              combine:
                scope: global
                inputs:
                  latents: {from: embed}
                  ref: {file: ref/stages.csv}
                outputs:
                  all: combined/all.csv
                  plots: {dir: combined/plots}
                command: [combine, "{outputs.all}", "{inputs.latents}"]
            """;

    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    @Test
    void load_validPipeline_readsTopLevelSettings() {
        Pipeline p = loader.load(VALID);

        assertEquals("demo", p.name());
        assertEquals(Optional.of(loader.path("/lab/data")), p.dataRoot(), "data_root is relative to the pipeline's directory");
        assertEquals("raw/{microscope}/{exp}/", p.discovery().pattern());
        assertTrue(p.discovery().matchesDirectories());
        assertEquals(List.of("microscope"), p.discovery().attributes());
        assertEquals(Map.of("microscope", Set.of("Keyence", "YX1")), p.discovery().values());
        assertEquals(List.of(".*", "ignore*"), p.discovery().ignore());
        assertEquals(Map.of("model", "m1", "repo", "../repo"), p.params());
        assertEquals(List.of("model", "repo"), List.copyOf(p.params().keySet()), "params keep file order");
        assertEquals(Set.of(RerunTrigger.MTIME, RerunTrigger.COMMAND), p.rerunTriggers());
        assertEquals(2, p.resources().get(Resources.GPUS));
    }

    @Test
    void load_validPipeline_readsStepsAliasesAndScopes() {
        Pipeline p = loader.load(VALID);

        assertEquals(List.of("stitch", "embed", "combine"), p.steps().stream().map(Step::name).toList(), "file order");
        assertEquals(List.of("ff", "build01"), step(p, "stitch").aliases());
        assertEquals(List.of(), step(p, "embed").aliases());
        assertEquals(Scope.EXPERIMENT, step(p, "stitch").scope());
        assertEquals(Scope.EXPERIMENT, step(p, "embed").scope(), "scope defaults to experiment");
        assertEquals(Scope.GLOBAL, step(p, "combine").scope());
        assertTrue(step(p, "combine").isGlobal());
        assertEquals("stitch", p.step("ff").orElseThrow().name(), "an alias finds its step");
        assertEquals("stitch", p.step("build01").orElseThrow().name());
        assertEquals(new Location("/lab/pipelines/" + FILE, lineOf(VALID, "  stitch:")), step(p, "stitch").where());
    }

    @Test
    void load_validPipeline_readsStaticInputKindsFromShorthandAndExplicitForms() {
        Step stitch = step(loader.load(VALID), "stitch");

        Input.Static raw = staticInput(stitch, "raw");
        assertEquals(ArtifactKind.DIR, raw.spec().kind(), "a trailing / is a directory");
        assertEquals("raw/{attr.microscope}/{exp}/", raw.spec().path().source());
        Input.Static wells = staticInput(stitch, "wells");
        assertEquals(ArtifactKind.FILE, wells.spec().kind());
        assertEquals("meta/{exp}_wells.xlsx", wells.spec().path().source());
        Input.Static tiles = staticInput(stitch, "tiles");
        assertEquals(ArtifactKind.GLOB, tiles.spec().kind(), "{glob: …} is a glob");
        assertEquals("raw/{attr.microscope}/{exp}/*.tif", tiles.spec().path().source());
        assertEquals(ArtifactKind.GLOB, staticInput(stitch, "shorthand_glob").spec().kind(), "a wildcard makes a glob");
        assertEquals(lineOf(VALID, "wells: meta/"), wells.where().line());

        Step combine = step(loader.load(VALID), "combine");
        Input.Static ref = staticInput(combine, "ref");
        assertEquals(ArtifactKind.FILE, ref.spec().kind(), "{file: …} is a file");
        assertEquals("ref/stages.csv", ref.spec().path().source());
    }

    @Test
    void load_validPipeline_resolvesFromStepInputsAndAliases() {
        Pipeline p = loader.load(VALID);
        Step embed = step(p, "embed");

        Input.FromStep ff = fromStep(embed, "ff");
        assertEquals("stitch", ff.step(), "'from: ff.ff' names the step by its alias; the loader resolves it to the name");
        assertEquals(Optional.of("ff"), ff.output());
        Input.FromStep meta = fromStep(embed, "meta");
        assertEquals("stitch", meta.step());
        assertEquals(Optional.of("meta"), meta.output(), "'output:' names the output explicitly");
        Input.FromStep latents = fromStep(step(p, "combine"), "latents");
        assertEquals("embed", latents.step());
        assertEquals(Optional.empty(), latents.output(), "'from: embed' means every output of embed");
        assertEquals("embed", latents.reference());
    }

    @Test
    void load_validPipeline_readsOutputsWithKinds() {
        Pipeline p = loader.load(VALID);
        Step stitch = step(p, "stitch");

        assertEquals(List.of("ff", "meta"), stitch.outputs().stream().map(Output::name).toList());
        assertEquals(new PathSpec(ArtifactKind.DIR, Template.parse("stitched/{exp}/")), output(stitch, "ff").spec());
        assertEquals(new PathSpec(ArtifactKind.FILE, Template.parse("meta/built/{exp}.csv")), output(stitch, "meta").spec());
        assertEquals(ArtifactKind.DIR, output(step(p, "combine"), "plots").spec().kind(), "{dir: …} is a directory");
        assertEquals("combined/plots", output(step(p, "combine"), "plots").spec().path().source());
        assertEquals(lineOf(VALID, "meta: meta/built/"), output(stitch, "meta").where().line());
    }

    @Test
    void load_validPipeline_readsCommandsWorkdirAndParams() {
        Pipeline p = loader.load(VALID);
        Step stitch = step(p, "stitch");
        Step embed = step(p, "embed");

        assertEquals(List.of("python", "-m", "stitch", "{exp}", "{inputs.raw}", "{outputs.ff}", "{params.tile_size}"), argv(stitch));
        assertFalse(stitch.command().shell(), "a list is an argv, run without a shell");
        assertTrue(embed.command().shell(), "a single string is a shell script");
        assertEquals(List.of("embed --model {params.model} {inputs.ff} > {outputs.latents}"), argv(embed));
        assertEquals(Optional.of("{params.repo}"), stitch.workdir().map(Template::source));
        assertEquals(loader.path("/lab/pipelines"), stitch.baseDir(), "workdir is relative to the declaring file's directory");
        assertEquals(Map.of("tile_size", "512"), stitch.params());
        assertEquals(Set.of("model", "repo", "tile_size"), p.paramNames());
    }

    @Test
    void load_validPipeline_readsResourcesTimeoutAndWhen() {
        Pipeline p = loader.load(VALID);
        Step stitch = step(p, "stitch");
        Step embed = step(p, "embed");

        assertEquals(16384, stitch.resources().get(Resources.MEM_MB), "mem: 16G is 16384 MB");
        assertEquals(4, stitch.resources().get(Resources.CPUS));
        assertEquals(Map.of("cpus", 4L, "mem_mb", 16384L), stitch.resources().amounts());
        assertEquals(2048, embed.resources().get(Resources.MEM_MB), "mem_gb: 2 is 2048 MB");
        assertEquals(Optional.of(Duration.ofMinutes(90)), stitch.timeout(), "1h30m");
        assertEquals(Optional.of(Duration.ofMinutes(45)), embed.timeout());
        assertEquals(Optional.empty(), step(p, "combine").timeout());
        assertEquals(Map.of("microscope", Set.of("YX1")), stitch.when());
        assertTrue(stitch.appliesTo(Map.of("microscope", "YX1")));
        assertFalse(stitch.appliesTo(Map.of("microscope", "Keyence")));
        assertTrue(embed.appliesTo(Map.of("microscope", "Keyence")), "no 'when': applies to every experiment");
    }

    @Test
    void load_minimalPipeline_usesFileNameAndDefaults() {
        Pipeline p = PipelineLoader.load(loader.write("tiny.yml", """
                experiments:
                  pattern: data/{exp}.csv
                steps:
                  count:
                    inputs:
                      data: data/{exp}.csv
                    outputs:
                      n: counts/{exp}.txt
                    command: [wc, -l, "{inputs.data}"]
                """));

        assertEquals("tiny", p.name(), "without 'name:' the file name without .yml");
        assertEquals(Optional.empty(), p.dataRoot());
        assertFalse(p.discovery().matchesDirectories());
        assertEquals(RerunTrigger.ALL, p.rerunTriggers());
        assertTrue(p.resources().isEmpty());
        assertEquals(Map.of(), p.params());
    }
}
