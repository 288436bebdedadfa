package dev.morph.morphseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between {@code pipelines/morphseq.yaml} (with {@code morphseq-cohort.yaml}) and the MorphSeq
 * lab's code: morph runs the real pipeline files against a stand-in checkout whose entry points have the
 * real module paths, subcommands and options (argparse, required options required, unknown ones refused)
 * and write exactly what the real steps write, skipping what the real steps skip unless told to rebuild.
 * Every command must parse, every declared output must appear, a second run must do nothing, and a
 * re-exported raw image must rerun exactly its experiment's chain and the cohort tables — after which
 * there is nothing to do again (a step that skipped its work would leave its job stale).
 */
class MorphseqContractTest {
    private static final String CLI = "src.run_morphseq_pipeline.cli";
    private static final String EMBEDDINGS = "src.analyze.gen_embeddings.cli";
    private static final String BUILD04 = "src.run_morphseq_pipeline.steps.run_build04";
    private static final List<String> STEPS = List.of("build01", "qc_masks", "sam2", "build03", "latents", "build04", "build06");

    @TempDir
    Path tmp;
    FakeLab lab;

    @BeforeEach
    void makeLab() throws IOException {
        lab = new FakeLab(tmp);
    }

    /** The seven calls morph must make for one experiment, each as "module arg arg ...". */
    private List<String> calls(FakeLab.Exp e) {
        String root = lab.root.toString();
        String py39 = lab.checkout.getParent().resolve("envs/vae-env-cluster").toString();
        String pipeline = CLI + " pipeline --data-root " + root + " --experiments " + e.name() + " --action ";
        return List.of(
                CLI + " build01 --data-root " + root + " --exp " + e.name() + " --microscope " + e.microscope() + " --overwrite",
                CLI + " build02 --data-root " + root + " --experiments " + e.name() + " --overwrite",
                pipeline + "sam2 --force",
                pipeline + "build03 --force",
                EMBEDDINGS + " --data-root " + root + " --experiments " + e.name() + " --model-name " + FakeLab.MODEL
                        + " --py39-env " + py39 + " --overwrite",
                BUILD04 + " --root " + root + " --exp " + e.name(),
                pipeline + "build06 --model-name " + FakeLab.MODEL);
    }

    /** The fake's calls as "module arg arg ...", sorted; every one made in the checkout. */
    private List<String> loggedCalls() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode c : lab.calls()) {
            assertEquals(lab.checkout.toString(), c.get("cwd").asText(), "ran in the checkout: " + c);
            List<String> words = new ArrayList<>(List.of(c.get("entry").asText()));
            c.get("argv").forEach(a -> words.add(a.asText()));
            out.add(String.join(" ", words));
        }
        out.sort(null);
        return out;
    }

    private static List<String> sorted(List<String> calls) {
        List<String> out = new ArrayList<>(calls);
        out.sort(null);
        return out;
    }

    private List<String> jobsToRun() {
        List<String> ids = new ArrayList<>();
        lab.morph("plan", "e2e", "--format", "json").json().get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    @Test
    void pipeline_onAFakeOfTheLabsCode_runsEveryStepOnceAndRerunsExactlyWhatAChangeMakesStale() throws IOException {
        String plan = lab.morph("plan", "--explain").out();
        assertTrue(plan.contains(" -m " + CLI + " pipeline --data-root " + lab.root + " --experiments 20250515_30hpf_atf6"
                + " --action sam2 --force"), "plan lists the real commands:\n" + plan);
        assertTrue(plan.contains("Inputs outside the data root"), plan);

        FakeLab.Result first = lab.morph("run", "e2e", "-j", "2");
        assertEquals(0, first.exit(), first.out() + first.err());
        List<String> expected = new ArrayList<>();
        FakeLab.EXPERIMENTS.forEach(e -> expected.addAll(calls(e)));
        assertEquals(sorted(expected), loggedCalls(), "every command parsed and ran once, in the checkout");

        // every output the pipeline declares is there (a directory with a file in it)
        JsonNode all = lab.morph("plan", "e2e", "--force", "--format", "json").json();
        assertEquals(FakeLab.EXPERIMENTS.size() * STEPS.size() + 2, all.get("jobs").size());
        for (JsonNode job : all.get("jobs")) {
            for (JsonNode o : job.get("outputs")) {
                Path p = lab.root.resolve(o.asText());
                boolean present = o.asText().endsWith("/") ? Files.isDirectory(p) && !isEmpty(p) : Files.isRegularFile(p);
                assertTrue(present, job.get("id").asText() + " wrote " + o.asText());
            }
        }
        String df03 = Files.readString(lab.root.resolve("metadata/combined_metadata_files/embryo_metadata_df03.csv"));
        FakeLab.EXPERIMENTS.forEach(e -> assertTrue(df03.contains(e.name()), "the cohort table holds " + e.name()));

        FakeLab.Result second = lab.morph("run", "e2e");
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("NOTHING_TO_DO"), second.out());
        assertEquals(sorted(expected), loggedCalls(), "the second run called nothing");

        FakeLab.Exp atf6 = FakeLab.EXPERIMENTS.get(1);
        lab.touchNewest("raw_image_data/YX1/" + atf6.name() + "/A02_t0001_ch00.nd2");
        List<String> chain = new ArrayList<>(STEPS.stream().map(s -> s + "[" + atf6.name() + "]").toList());
        chain.addAll(List.of("cohort_df02", "cohort_df03"));
        assertEquals(chain, jobsToRun());

        FakeLab.Result third = lab.morph("run", "e2e");
        assertEquals(0, third.exit(), third.out() + third.err());
        expected.addAll(calls(atf6));
        assertEquals(sorted(expected), loggedCalls(), "exactly the touched experiment's chain ran again");
        assertEquals(List.of(), jobsToRun(), "every step rebuilt what it was asked to: nothing is left stale");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }
}
