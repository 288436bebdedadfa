package dev.morph.pipeline;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.ExitCodes;
import dev.morph.MorphException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PipelineLoader}: pipelines written inline on Jimfs, loaded and validated. Every validation
 * error must be a {@link MorphException} with exit code 2 whose lines name the file and the line of
 * the problem; several problems in one file are all reported at once.
 */
class PipelineLoaderTest {
    private static final String FILE = "pipe.yaml";

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    // ---------------------------------------------------------------- helpers

    private Path write(String name, String yaml) {
        try {
            Path p = fs.getPath("/lab/pipelines", name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, yaml, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Pipeline load(String yaml) {
        return PipelineLoader.load(write(FILE, yaml));
    }

    /** Loads {@code yaml} as {@value #FILE} and returns the error it must raise. */
    private MorphException invalid(String yaml) {
        return invalid(write(FILE, yaml));
    }

    private static MorphException invalid(Path file) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> PipelineLoader.load(file));
        MorphException m = assertInstanceOf(MorphException.class, e, "a pipeline error must be a MorphException");
        assertEquals(ExitCodes.USAGE, m.exitCode(), "exit code of " + m.lines());
        assertFalse(m.lines().isEmpty());
        return m;
    }

    /** The 1-based line of the first line of {@code yaml} containing {@code marker}. */
    private static int lineOf(String yaml, String marker) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("test bug: '" + marker + "' not in the pipeline text");
    }

    /** The n-th (1-based) line containing {@code marker}. */
    private static int lineOf(String yaml, String marker, int nth) {
        String[] lines = yaml.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker) && ++seen == nth) {
                return i + 1;
            }
        }
        throw new AssertionError("test bug: '" + marker + "' not " + nth + " times in the pipeline text");
    }

    /** Asserts some line of {@code e} is {@code <file>:<line>: …} and holds every fragment. */
    private static void assertProblem(MorphException e, String file, int line, String... fragments) {
        String prefix = file + ":" + line + ": ";
        for (String l : e.lines()) {
            int at = l.indexOf(prefix);
            boolean fileStart = at == 0 || (at > 0 && l.charAt(at - 1) == '/');
            if (at >= 0 && fileStart && containsAll(l, fragments)) {
                return;
            }
        }
        fail("expected a problem at " + prefix + " containing " + List.of(fragments) + ", got:\n  "
                + String.join("\n  ", e.lines()));
    }

    private static void assertProblem(MorphException e, int line, String... fragments) {
        assertProblem(e, FILE, line, fragments);
    }

    /** Like {@link #assertProblem} and also that it is the only problem reported. */
    private static void assertOnlyProblem(MorphException e, int line, String... fragments) {
        assertOnlyProblem(e, FILE, line, fragments);
    }

    private static void assertOnlyProblem(MorphException e, String file, int line, String... fragments) {
        assertProblem(e, file, line, fragments);
        assertEquals(1, e.lines().size(), () -> "expected exactly one problem, got:\n  " + String.join("\n  ", e.lines()));
    }

    private static boolean containsAll(String line, String... fragments) {
        for (String f : fragments) {
            if (!line.contains(f)) {
                return false;
            }
        }
        return true;
    }

    private static Step step(Pipeline p, String name) {
        return p.steps().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + p.steps().stream().map(Step::name).toList()));
    }

    private static Input input(Step s, String name) {
        return s.inputs().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + name + " of " + s.name()));
    }

    private static Input.Static staticInput(Step s, String name) {
        return assertInstanceOf(Input.Static.class, input(s, name), "input " + name + " of " + s.name());
    }

    private static Input.FromStep fromStep(Step s, String name) {
        return assertInstanceOf(Input.FromStep.class, input(s, name), "input " + name + " of " + s.name());
    }

    private static Output output(Step s, String name) {
        return s.output(name).orElseThrow(() -> new AssertionError("no output " + name + " of " + s.name()));
    }

    private static List<String> argv(Step s) {
        return s.command().argv().stream().map(Template::source).toList();
    }

    // ---------------------------------------------------------------- a valid pipeline

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

    @Test
    void load_validPipeline_readsTopLevelSettings() {
        Pipeline p = load(VALID);

        assertEquals("demo", p.name());
        assertEquals(Optional.of(fs.getPath("/lab/data")), p.dataRoot(), "data_root is relative to the pipeline's directory");
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
        Pipeline p = load(VALID);

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
        Step stitch = step(load(VALID), "stitch");

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

        Step combine = step(load(VALID), "combine");
        Input.Static ref = staticInput(combine, "ref");
        assertEquals(ArtifactKind.FILE, ref.spec().kind(), "{file: …} is a file");
        assertEquals("ref/stages.csv", ref.spec().path().source());
    }

    @Test
    void load_validPipeline_resolvesFromStepInputsAndAliases() {
        Pipeline p = load(VALID);
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
        Pipeline p = load(VALID);
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
        Pipeline p = load(VALID);
        Step stitch = step(p, "stitch");
        Step embed = step(p, "embed");

        assertEquals(List.of("python", "-m", "stitch", "{exp}", "{inputs.raw}", "{outputs.ff}", "{params.tile_size}"), argv(stitch));
        assertFalse(stitch.command().shell(), "a list is an argv, run without a shell");
        assertTrue(embed.command().shell(), "a single string is a shell script");
        assertEquals(List.of("embed --model {params.model} {inputs.ff} > {outputs.latents}"), argv(embed));
        assertEquals(Optional.of("{params.repo}"), stitch.workdir().map(Template::source));
        assertEquals(fs.getPath("/lab/pipelines"), stitch.baseDir(), "workdir is relative to the declaring file's directory");
        assertEquals(Map.of("tile_size", "512"), stitch.params());
        assertEquals(Set.of("model", "repo", "tile_size"), p.paramNames());
    }

    @Test
    void load_validPipeline_readsResourcesTimeoutAndWhen() {
        Pipeline p = load(VALID);
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
        Pipeline p = PipelineLoader.load(write("tiny.yml", """
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

    // ---------------------------------------------------------------- the real MorphSeq pipeline

    private static final List<String> QC_MODELS = List.of("mask_v0_0100", "yolk_v1_0050", "focus_v0_0100", "bubble_v0_0100",
            "via_v1_0100");

    private static Pipeline morphseq() {
        // Maven runs tests from the project directory.
        return PipelineLoader.load(Path.of("pipelines/morphseq.yaml"));
    }

    /** Every artifact path a step reads, resolving {@code from:} inputs to the producer's output paths. */
    private static Set<String> inputPaths(Pipeline p, Step s) {
        Set<String> out = new java.util.TreeSet<>();
        for (Input in : s.inputs()) {
            if (in instanceof Input.Static st) {
                out.add(st.spec().path().source());
            } else {
                Input.FromStep f = (Input.FromStep) in;
                Step producer = p.step(f.step()).orElseThrow();
                producer.outputs().stream().filter(o -> f.output().isEmpty() || f.output().get().equals(o.name()))
                        .forEach(o -> out.add(o.spec().path().source()));
            }
        }
        return out;
    }

    private static Set<String> outputPaths(Step s) {
        Set<String> out = new java.util.TreeSet<>();
        s.outputs().forEach(o -> out.add(o.spec().path().source()));
        return out;
    }

    @Test
    void load_morphseqPipeline_hasTheDesignStepTable() {
        Pipeline p = morphseq();

        assertEquals("morphseq", p.name());
        assertEquals(List.of("build01", "qc_masks", "sam2", "build03", "latents", "build03_combine", "build04", "build06"),
                p.steps().stream().map(Step::name).toList());
        Map<String, List<String>> aliases = Map.of("build01", List.of("ff", "stitch"), "qc_masks", List.of("build02"),
                "sam2", List.of(), "build03", List.of(), "latents", List.of("embed"), "build03_combine", List.of("df01"),
                "build04", List.of(), "build06", List.of());
        Set<String> global = Set.of("build03_combine", "build04", "build06");
        for (Step s : p.steps()) {
            assertEquals(aliases.get(s.name()), s.aliases(), "aliases of " + s.name());
            assertEquals(global.contains(s.name()) ? Scope.GLOBAL : Scope.EXPERIMENT, s.scope(), "scope of " + s.name());
        }
    }

    @Test
    void load_morphseqPipeline_discoversExperimentsAsDesigned() {
        Pipeline p = morphseq();

        assertEquals("raw_image_data/{microscope}/{exp}/", p.discovery().pattern());
        assertEquals(List.of("microscope"), p.discovery().attributes());
        assertEquals(Set.of("Keyence", "YX1"), p.discovery().values().get("microscope"));
        assertEquals(Set.of(".*", "_*", "ignore*"), Set.copyOf(p.discovery().ignore()));
        assertEquals("20241107_ds_sweep01_optimum", p.params().get("model"));
    }

    @Test
    void load_morphseqPipeline_hasTheDesignInputsAndOutputs() {
        Pipeline p = morphseq();
        String ff = "built_image_data/stitched_FF_images/{exp}/";
        String builtMeta = "metadata/built_metadata_files/{exp}_metadata.csv";
        String sam2Csv = "sam2_pipeline_files/sam2_expr_files/sam2_metadata_{exp}.csv";
        String sam2Masks = "sam2_pipeline_files/exported_masks/{exp}/masks/";
        String build03 = "metadata/build03_output/expr_embryo_metadata_{exp}.csv";
        String latents = "analysis/latent_embeddings/legacy/{params.model}/morph_latents_{exp}.csv";
        String df01 = "metadata/combined_metadata_files/embryo_metadata_df01.csv";
        String df02 = "metadata/combined_metadata_files/embryo_metadata_df02.csv";
        String df03 = "metadata/combined_metadata_files/embryo_metadata_df03.csv";
        Set<String> qcDirs = new java.util.TreeSet<>();
        QC_MODELS.forEach(m -> qcDirs.add("segmentation/" + m + "_predictions/{exp}/"));

        Map<String, Set<String>> inputs = Map.of(
                "build01", Set.of("raw_image_data/{attr.microscope}/{exp}/", "metadata/well_metadata/{exp}_well_metadata.xlsx"),
                "qc_masks", Set.of(ff),
                "sam2", Set.of(ff, builtMeta),
                "build03", union(Set.of(sam2Csv, sam2Masks, builtMeta), qcDirs),
                "latents", Set.of(build03),
                "build03_combine", Set.of(build03),
                "build04", Set.of(df01, "metadata/stage_ref_df.csv", "metadata/perturbation_name_key.csv"),
                "build06", Set.of(df02, latents));
        Map<String, Set<String>> outputs = Map.of(
                "build01", Set.of(ff, builtMeta),
                "qc_masks", qcDirs,
                "sam2", Set.of(sam2Csv, sam2Masks),
                "build03", Set.of(build03),
                "latents", Set.of(latents),
                "build03_combine", Set.of(df01),
                "build04", Set.of(df02),
                "build06", Set.of(df03));
        for (Step s : p.steps()) {
            assertEquals(inputs.get(s.name()), inputPaths(p, s), "inputs of " + s.name());
            assertEquals(outputs.get(s.name()), outputPaths(s), "outputs of " + s.name());
        }
        Step b01 = step(p, "build01");
        assertEquals(ArtifactKind.DIR, staticInput(b01, "raw").spec().kind());
        assertEquals(ArtifactKind.DIR, output(b01, "ff").spec().kind());
        assertEquals(ArtifactKind.FILE, output(b01, "metadata").spec().kind());
        step(p, "qc_masks").outputs().forEach(o -> assertEquals(ArtifactKind.DIR, o.spec().kind(), o.name()));
        assertEquals(ArtifactKind.DIR, output(step(p, "sam2"), "masks").spec().kind());
    }

    @Test
    void load_morphseqPipeline_fanInsReadPerExperimentSteps() {
        Pipeline p = morphseq();

        assertEquals("build03", fromStep(step(p, "build03_combine"), "embryos").step());
        assertEquals("latents", fromStep(step(p, "build06"), "latents").step());
        assertEquals("build04", fromStep(step(p, "build06"), "df02").step());
        assertEquals(List.of("build03_combine"), StepGraph.of(p).upstreamOf("build04"));
        assertEquals(Set.of("build01", "qc_masks", "sam2", "build03", "latents", "build03_combine", "build04", "build06"),
                StepGraph.of(p).withUpstream(Set.of("build06")));
    }

    @Test
    void load_demoPipeline_extendsMorphseqWithTheSameGraph() {
        Pipeline base = morphseq();
        Pipeline demo = PipelineLoader.load(Path.of("testdata/morph.yaml"));

        assertEquals("morphseq-demo", demo.name());
        assertEquals(base.steps().stream().map(Step::name).toList(), demo.steps().stream().map(Step::name).toList());
        for (Step s : base.steps()) {
            Step d = step(demo, s.name());
            assertEquals(s.inputs(), d.inputs(), "inputs of " + s.name());
            assertEquals(s.outputs(), d.outputs(), "outputs of " + s.name());
            assertEquals(s.scope(), d.scope());
            assertEquals(s.aliases(), d.aliases());
            assertEquals("sh", argv(d).get(0), "the demo runs sh programs for " + s.name());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    // ---------------------------------------------------------------- extends

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

    private Path writeBase() {
        return write("base.yaml", BASE);
    }

    @Test
    void load_extendingFile_overridesHowStepsRunButKeepsTheGraph() {
        writeBase();
        Path child = write("child.yaml", """
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
        Pipeline base = PipelineLoader.load(fs.getPath("/lab/pipelines/base.yaml"));
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
        assertEquals(Optional.of(fs.getPath("/lab/pipelines/data")), p.dataRoot(), "the base's data_root, relative to the base");
    }

    @Test
    void load_extendingFileWithOwnDataRoot_resolvesItNextToTheChild() {
        writeBase();
        Path child = write("demo/child.yaml", """
                extends: ../base.yaml
                data_root: demo-root
                """);

        Pipeline p = PipelineLoader.load(child);

        assertEquals(Optional.of(fs.getPath("/lab/pipelines/demo/demo-root")), p.dataRoot());
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
        Path child = write("child.yaml", yaml);

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
        MorphException e = invalid(write("child.yaml", yaml));

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
        MorphException e = invalid(write("child.yaml", yaml));

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
        MorphException e = invalid(write("child.yaml", yaml));

        assertProblem(e, "child.yaml", lineOf(yaml, "command:"), "{params.nope}");
        assertProblem(e, "child.yaml", lineOf(yaml, "timeout:"), "timeout", "'soon'");
    }

    @Test
    void load_extendsMissingBase_pointsAtTheExtendsLine() {
        MorphException e = invalid(write("child.yaml", "name: child\nextends: nowhere.yaml\n"));

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
        write("base.yaml", base);

        MorphException e = invalid(write("child.yaml", "extends: base.yaml\n"));

        assertOnlyProblem(e, "base.yaml", lineOf(base, "scope: cohort"), "scope 'cohort'");
    }

    @Test
    void load_extendsLoop_reportsTheLoopInsteadOfOverflowing() {
        write("a.yaml", "extends: b.yaml\n");
        write("b.yaml", "extends: a.yaml\n");

        MorphException e = invalid(fs.getPath("/lab/pipelines/a.yaml"));

        assertTrue(e.lines().get(0).contains("loops back"), e.lines().toString());
    }

    // ---------------------------------------------------------------- YAML and file-level errors

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "   outputs: y"), "malformed YAML");
    }

    @Test
    void load_tabIndentation_reportsTheTabsLineAndCause() {
        String yaml = "experiments:\n  pattern: raw/{exp}/\nsteps:\n  a:\n    outputs:\n      o: x/{exp}.txt\n\tcommand: [x]\n";
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertEquals(1, e.lines().size());
        assertTrue(e.lines().get(0).contains(FILE + ":"), e.lines().get(0));
        assertTrue(e.lines().get(0).contains("malformed YAML"), e.lines().get(0));
    }

    @Test
    void load_emptyFile_saysItIsEmpty() {
        MorphException e = invalid("");

        assertOnlyProblem(e, 1, "empty");
    }

    @Test
    void load_commentOnlyFile_saysItIsEmpty() {
        MorphException e = invalid("# nothing here yet\n");

        assertOnlyProblem(e, 1, "empty");
    }

    @Test
    void load_missingFile_saysItDoesNotExist() {
        MorphException e = invalid(fs.getPath("/lab/pipelines/absent.yaml"));

        assertEquals(1, e.lines().size());
        assertTrue(e.lines().get(0).contains("absent.yaml"), e.lines().get(0));
        assertTrue(e.lines().get(0).contains("does not exist"), e.lines().get(0));
    }

    @Test
    void load_topLevelList_saysItMustBeAMapping() {
        MorphException e = invalid("- a\n- b\n");

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "pattern:"), "'../raw/{exp}/'", "inside");
    }

    // ---------------------------------------------------------------- references between steps

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "'e2e'", "reserved");
    }

    // ---------------------------------------------------------------- placeholders and paths

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "o: a/"), "unknown placeholder '{params.modle}'", "did you mean 'params.model'");
    }

    @Test
    void load_stepParamPlaceholder_isKnownToThatStep() {
        Pipeline p = load("""
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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "ref: /abs"), "'/abs/ref.csv'", "leaves the data root");
    }

    @Test
    void load_pathClimbingWithinTheRoot_isAccepted() {
        Pipeline p = load("""
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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "  a:"), "dependency cycle: a -> a");
    }

    // ---------------------------------------------------------------- step shape

    @Test
    void load_stepWithoutOutputs_saysMorphCannotTellIfUpToDate() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    command: [x]
                """;
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

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
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "rerun_triggers:"), "'checksum'", "mtime, command, params");
    }

    @Test
    void load_noSteps_saysThePipelineDeclaresNone() {
        String yaml = """
                experiments:
                  pattern: raw/{exp}/
                steps: {}
                """;
        MorphException e = invalid(yaml);

        assertOnlyProblem(e, lineOf(yaml, "steps:"), "declares no steps");
    }

    // ---------------------------------------------------------------- several problems at once

    @Test
    void load_severalProblems_reportsEveryOneWithItsLineInLineOrder() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/{exp}/
                paramz:
                  model: m1
                steps:
                  stitch:
                    scope: cohort
                    outputs:
                      ff: ff/{exp}/
                    command: [x]
                  segment:
                    inputs:
                      ff: {from: stich}
                    outputs:
                      masks: ../masks/{exp}/
                    command: [y, "{foo}"]
                    timeout: soon
                """;
        MorphException e = invalid(yaml);

        assertProblem(e, lineOf(yaml, "paramz:"), "unknown key 'paramz'", "did you mean 'params'");
        assertProblem(e, lineOf(yaml, "scope: cohort"), "scope 'cohort'");
        assertProblem(e, lineOf(yaml, "from: stich"), "unknown step 'stich'", "did you mean 'stitch'");
        assertProblem(e, lineOf(yaml, "masks: ../masks"), "leaves the data root");
        assertProblem(e, lineOf(yaml, "command: [y"), "unknown placeholder '{foo}'");
        assertProblem(e, lineOf(yaml, "timeout: soon"), "'soon'");
        assertEquals(6, e.lines().size(), () -> "one line per problem:\n  " + String.join("\n  ", e.lines()));
        List<Integer> lines = e.lines().stream().map(l -> Integer.parseInt(l.replaceFirst("^.*?" + FILE + ":(\\d+): .*$", "$1"))).toList();
        assertEquals(lines.stream().sorted().toList(), lines, "problems are listed in line order");
        assertEquals(String.join("\n", e.lines()), e.getMessage(), "the exception message holds every line");
    }

    @Test
    void load_problemsAcrossSections_areAllReported() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/
                steps:
                  a:
                    when: {scope: [x]}
                    outputs:
                      o: a/{exp}.txt
                  e2e:
                    outputs:
                      o: b/x.txt
                    command: [x]
                """;
        MorphException e = invalid(yaml);

        assertAll(
                () -> assertProblem(e, lineOf(yaml, "pattern:"), "{exp}"),
                () -> assertProblem(e, lineOf(yaml, "when:"), "'when' tests 'scope'"),
                () -> assertProblem(e, lineOf(yaml, "  a:"), "has no command"),
                () -> assertProblem(e, lineOf(yaml, "e2e:"), "reserved"));
        assertEquals(4, e.lines().size(), () -> String.join("\n", e.lines()));
    }
}
