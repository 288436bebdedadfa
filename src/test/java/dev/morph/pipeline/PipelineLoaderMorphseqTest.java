package dev.morph.pipeline;

import static dev.morph.pipeline.LoaderFixture.argv;
import static dev.morph.pipeline.LoaderFixture.fromStep;
import static dev.morph.pipeline.LoaderFixture.output;
import static dev.morph.pipeline.LoaderFixture.staticInput;
import static dev.morph.pipeline.LoaderFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineLoader} on the real MorphSeq pipeline ({@code pipelines/morphseq.yaml}): the design's
 * step table, experiments, inputs and outputs; and the demo pipeline ({@code testdata/morph.yaml}) that
 * extends it with the same graph.
 */
class PipelineLoaderMorphseqTest {
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
}
