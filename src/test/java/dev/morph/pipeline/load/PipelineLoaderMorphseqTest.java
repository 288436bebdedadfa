package dev.morph.pipeline.load;

import dev.morph.pipeline.ArtifactKind;
import dev.morph.pipeline.Input;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Scope;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.StepGraph;
import static dev.morph.pipeline.load.LoaderFixture.argv;
import static dev.morph.pipeline.load.LoaderFixture.output;
import static dev.morph.pipeline.load.LoaderFixture.staticInput;
import static dev.morph.pipeline.load.LoaderFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineLoader} on the real MorphSeq pipelines: {@code pipelines/morphseq.yaml} as the lab's code
 * (nlammers371/morphseq at 3192be1 / 77119fa) reads, writes and is called, the cohort file
 * {@code pipelines/morphseq-cohort.yaml} that adds the cohort tables, and the demo ({@code testdata/morph.yaml})
 * that extends the cohort file with the same graph. (The contract test, {@code MorphseqContractTest}, runs
 * the commands against a stand-in of the lab's entry points.)
 */
class PipelineLoaderMorphseqTest {
    private static final List<String> STEPS = List.of("build01", "qc_masks", "sam2", "build03", "latents", "build04", "build06");
    private static final List<String> QC_MODELS = List.of("mask_v0_0100", "yolk_v1_0050", "focus_v0_0100", "bubble_v0_0100",
            "via_v1_0100");
    private static final String FF = "built_image_data/stitched_FF_images/{exp}/";
    private static final String BUILT_META = "metadata/built_metadata_files/{exp}_metadata.csv";
    private static final String SAM2_CSV = "sam2_pipeline_files/sam2_expr_files/sam2_metadata_{exp}.csv";
    private static final String SAM2_MASKS = "sam2_pipeline_files/exported_masks/{exp}/masks/";
    private static final String SEGMENTATIONS = "sam2_pipeline_files/segmentation/grounded_sam_segmentations_{exp}.json";
    private static final String MANIFEST = "sam2_pipeline_files/exported_masks/{exp}/mask_export_manifest_{exp}.json";
    private static final String BUILD03 = "metadata/build03_output/expr_embryo_metadata_{exp}.csv";
    private static final String SNIPS = "training_data/bf_embryo_snips/{exp}/";
    private static final String LATENTS = "analysis/latent_embeddings/legacy/{params.model}/morph_latents_{exp}.csv";
    private static final String BUILD04 = "metadata/build04_output/qc_staged_{exp}.csv";
    private static final String BUILD06 = "metadata/build06_output/df03_final_output_with_latents_{exp}.csv";

    // Maven runs tests from the project directory.
    private static Pipeline morphseq() {
        return PipelineLoader.load(Path.of("pipelines/morphseq.yaml"));
    }

    private static Pipeline cohort() {
        return PipelineLoader.load(Path.of("pipelines/morphseq-cohort.yaml"));
    }

    /** Every artifact path a step reads, resolving {@code from:} inputs to the producer's output paths. */
    private static Set<String> inputPaths(Pipeline p, Step s) {
        Set<String> out = new TreeSet<>();
        for (Input in : s.inputs()) {
            if (in instanceof Input.Static st) {
                out.add(st.spec().path().source());
            } else {
                Input.FromStep f = (Input.FromStep) in;
                step(p, f.step()).outputs().stream().filter(o -> f.output().isEmpty() || f.output().get().equals(o.name()))
                        .forEach(o -> out.add(o.spec().path().source()));
            }
        }
        return out;
    }

    private static Set<String> outputPaths(Step s) {
        Set<String> out = new TreeSet<>();
        s.outputs().forEach(o -> out.add(o.spec().path().source()));
        return out;
    }

    @Test
    void load_morphseqPipeline_hasThePerExperimentStepsOfTheLabsCode() {
        Pipeline p = morphseq();

        assertEquals("morphseq", p.name());
        assertEquals(STEPS, p.steps().stream().map(Step::name).toList());
        Map<String, List<String>> aliases = Map.of("build01", List.of("ff", "stitch"), "qc_masks", List.of("build02"),
                "latents", List.of("embed"));
        for (Step s : p.steps()) {
            assertEquals(aliases.getOrDefault(s.name(), List.of()), s.aliases(), "aliases of " + s.name());
            assertEquals(Scope.EXPERIMENT, s.scope(), "scope of " + s.name());
            assertEquals("{params.repo}", s.workdir().orElseThrow().source(), "every command runs in the checkout");
        }
    }

    @Test
    void load_morphseqPipeline_discoversExperimentsAsTheLabsManagerDoes() {
        Pipeline p = morphseq();

        assertEquals("raw_image_data/{microscope}/{exp}/", p.discovery().pattern());
        assertEquals(List.of("microscope"), p.discovery().attributes());
        assertEquals(Set.of("Keyence", "YX1"), p.discovery().values().get("microscope"));
        assertEquals(Set.of(".*", "_*", "ignore*"), Set.copyOf(p.discovery().ignore()));
        assertEquals("20241107_ds_sweep01_optimum", p.params().get("model"));
        assertEquals(Set.of("model", "repo", "python", "py39_env", "gdino_weights"), p.params().keySet());
    }

    @Test
    void load_morphseqPipeline_readsAndWritesWhatTheLabsStepsDo() {
        Pipeline p = morphseq();
        Set<String> qcDirs = new TreeSet<>();
        Set<String> qcModels = new TreeSet<>();
        QC_MODELS.forEach(m -> qcDirs.add("segmentation/" + m + "_predictions/{exp}/"));
        QC_MODELS.forEach(m -> qcModels.add("segmentation/segmentation_models/" + m));

        Map<String, Set<String>> inputs = Map.of(
                "build01", Set.of("raw_image_data/{attr.microscope}/{exp}/", "metadata/{{well,plate}}_metadata/{exp}_well_metadata*.xlsx"),
                "qc_masks", union(Set.of(FF), qcModels),
                "sam2", Set.of(FF, BUILT_META, "{params.repo}/segmentation_sandbox/models/sam2/checkpoints/sam2.1_hiera_large.pt",
                        "{params.gdino_weights}"),
                "build03", union(Set.of(SAM2_CSV, SAM2_MASKS, SEGMENTATIONS, MANIFEST, BUILT_META, FF), qcDirs),
                "latents", Set.of(SNIPS, "models/legacy/{params.model}/", "{params.py39_env}/bin/python"),
                "build04", Set.of(BUILD03, SAM2_MASKS, "metadata/stage_ref_df.csv", "metadata/sa_reference_curves.csv",
                        "metadata/perturbation_name_key.csv"),
                "build06", Set.of(BUILD04, LATENTS, SNIPS));
        Map<String, Set<String>> outputs = Map.of(
                "build01", Set.of(FF, BUILT_META),
                "qc_masks", qcDirs,
                "sam2", Set.of("sam2_pipeline_files/detections/gdino_detections_{exp}.json", SEGMENTATIONS, SAM2_MASKS, MANIFEST, SAM2_CSV),
                "build03", Set.of(BUILD03, SNIPS, "training_data/bf_embryo_snips_uncropped/{exp}/"),
                "latents", Set.of(LATENTS),
                "build04", Set.of(BUILD04, "metadata/body_axis/summary/curvature_metrics_{exp}.csv",
                        "metadata/body_axis/arrays/curvature_arrays_{exp}.csv"),
                "build06", Set.of(BUILD06));
        for (Step s : p.steps()) {
            assertEquals(inputs.get(s.name()), inputPaths(p, s), "inputs of " + s.name());
            assertEquals(outputs.get(s.name()), outputPaths(s), "outputs of " + s.name());
        }
        Step b01 = step(p, "build01");
        assertEquals(ArtifactKind.DIR, staticInput(b01, "raw").spec().kind());
        assertEquals(ArtifactKind.GLOB, staticInput(b01, "well_metadata").spec().kind());
        assertEquals(ArtifactKind.FILE, output(b01, "metadata").spec().kind());
        step(p, "qc_masks").outputs().forEach(o -> assertEquals(ArtifactKind.DIR, o.spec().kind(), o.name()));
        assertEquals(ArtifactKind.DIR, output(step(p, "sam2"), "masks").spec().kind());
    }

    @Test
    void load_morphseqPipeline_callsEntryPointsThatExistAndAlwaysRebuild() {
        Pipeline p = morphseq();
        List<String> cli = List.of("{params.python}", "-m", "src.run_morphseq_pipeline.cli");
        List<String> pipeline = concat(cli, List.of("pipeline", "--data-root", "{root}", "--experiments", "{exp}", "--action"));

        assertEquals(concat(cli, List.of("build01", "--data-root", "{root}", "--exp", "{exp}", "--microscope", "{attr.microscope}",
                "--overwrite")), argv(step(p, "build01")));
        assertEquals(concat(cli, List.of("build02", "--data-root", "{root}", "--experiments", "{exp}", "--overwrite")),
                argv(step(p, "qc_masks")));
        assertEquals(concat(pipeline, List.of("sam2", "--force")), argv(step(p, "sam2")));
        assertEquals(concat(pipeline, List.of("build03", "--force")), argv(step(p, "build03")));
        assertEquals(List.of("{params.python}", "-m", "src.analyze.gen_embeddings.cli", "--data-root", "{root}", "--experiments",
                "{exp}", "--model-name", "{params.model}", "--py39-env", "{params.py39_env}", "--overwrite"), argv(step(p, "latents")));
        assertEquals(List.of("{params.python}", "-m", "src.run_morphseq_pipeline.steps.run_build04", "--root", "{root}", "--exp",
                "{exp}"), argv(step(p, "build04")));
        // no --force here: it would regenerate the latents step's output inside Build06
        assertEquals(concat(pipeline, List.of("build06", "--model-name", "{params.model}")), argv(step(p, "build06")));
    }

    @Test
    void load_cohortPipeline_addsGlobalFanInsOverThePerExperimentTables() {
        Pipeline base = morphseq();
        Pipeline p = cohort();

        assertEquals("morphseq-cohort", p.name());
        assertEquals(concat(STEPS, List.of("cohort_df02", "cohort_df03")), p.steps().stream().map(Step::name).toList());
        for (Step s : base.steps()) {
            assertEquals(s, step(p, s.name()), "the cohort file leaves " + s.name() + " as it is");
        }
        Step df02 = p.step("df02").orElseThrow();
        Step df03 = p.step("df03").orElseThrow();
        assertEquals(List.of("df02"), df02.aliases());
        assertEquals(Scope.GLOBAL, df02.scope());
        assertEquals(Scope.GLOBAL, df03.scope());
        assertEquals(Set.of(BUILD04), inputPaths(p, df02));
        assertEquals(Set.of(BUILD06), inputPaths(p, df03));
        assertEquals(Set.of("metadata/combined_metadata_files/embryo_metadata_df02.csv"), outputPaths(df02));
        assertEquals(Set.of("metadata/combined_metadata_files/embryo_metadata_df03.csv"), outputPaths(df03));
        assertEquals(List.of("sh", "bin/combine-tables.sh", "{outputs.df02}", "{inputs.tables}"), argv(df02));
        assertEquals(Path.of("pipelines").toAbsolutePath().normalize(), df02.baseDir(), "runs the program shipped beside the file");
        assertEquals(Set.of("build01", "qc_masks", "sam2", "build03", "latents", "build04", "build06", "cohort_df03"),
                StepGraph.of(p).withUpstream(Set.of("cohort_df03")));
    }

    @Test
    void load_demoPipeline_extendsTheCohortFileWithTheSameGraph() {
        Pipeline cohort = cohort();
        Pipeline demo = PipelineLoader.load(Path.of("testdata/morph.yaml"));

        assertEquals("morphseq-demo", demo.name());
        assertEquals(cohort.steps().stream().map(Step::name).toList(), demo.steps().stream().map(Step::name).toList());
        for (Step s : cohort.steps()) {
            Step d = step(demo, s.name());
            assertEquals(s.inputs(), d.inputs(), "inputs of " + s.name());
            assertEquals(s.outputs(), d.outputs(), "outputs of " + s.name());
            assertEquals(s.scope(), d.scope());
            assertEquals(s.aliases(), d.aliases());
            assertEquals("sh", argv(d).get(0), "the demo runs sh programs for " + s.name());
            // the cluster tests run the demo on a small single-node scheduler: a step asking for the real
            // pipeline's cores would wait in its queue for ever
            assertTrue(d.resources().get(Resources.CPUS) <= 1, "the demo's " + s.name() + " asks for at most one core");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
