package dev.morph.morphseq;

import dev.morph.Missing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.cli.CliEnvironment;
import dev.morph.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MorphSeq lab on disk for the contract test: a copy of the fake checkout
 * ({@code src/test/resources/morphseq-fake}, the real entry points' module paths and options), the
 * detection weights beside it, a "Python 3.9 environment" whose interpreter is this machine's Python 3,
 * and a data root laid out like the lab's; and morph run in-process on the real pipeline files with the
 * params that point at all of that.
 */
final class FakeLab {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "20241107_ds_sweep01_optimum";

    /** One experiment of the generated root: where its raw images are and where its well metadata is. */
    record Exp(String name, String microscope, String wellMetadata) {
    }

    static final List<Exp> EXPERIMENTS = List.of(
            new Exp("20250501_24hpf_ctrl", "Keyence", "metadata/well_metadata/20250501_24hpf_ctrl_well_metadata.xlsx"),
            new Exp("20250515_30hpf_atf6", "YX1", "metadata/well_metadata/20250515_30hpf_atf6_well_metadata.xlsx"),
            // a non-standard name in plate_metadata/, which Build01 accepts
            new Exp("20250603_24hpf_wnt", "YX1", "metadata/plate_metadata/20250603_24hpf_wnt_well_metadata_v2.xlsx"));

    final Path checkout;
    final Path root;
    final String python;
    final List<String> params;

    /** The machine's Python 3 interpreter; without one the calling test is skipped (under CI=true it fails). */
    static String python3() {
        String why;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
            why = "python3 does not run: " + out;
        } catch (IOException e) {
            why = "no python3 on the PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted while looking for python3";
        }
        Missing.component("the MorphSeq contract test", why + " (install python3 to run it)");
        return null;
    }

    FakeLab(Path tmp) throws IOException {
        python = python3();
        Path lab = tmp.resolve("lab");
        checkout = lab.resolve("morphseq");
        copyTree(PROJECT.resolve("src/test/resources/morphseq-fake"), checkout);
        write(lab.resolve("weights/checkpoint_best_regular.pth"), "fake GroundingDINO weights\n");
        Path py39 = lab.resolve("envs/vae-env-cluster");
        Files.createDirectories(py39.resolve("bin"));
        Files.createSymbolicLink(py39.resolve("bin/python"), Path.of(python));
        root = tmp.resolve("data");
        makeRoot();
        params = List.of("--param", "repo=" + checkout, "--param", "python=" + python, "--param", "py39_env=" + py39,
                "--param", "gdino_weights=" + lab.resolve("weights/checkpoint_best_regular.pth"));
    }

    private void makeRoot() throws IOException {
        for (Exp e : EXPERIMENTS) {
            for (String image : List.of("A01_t0001_ch00", "A02_t0001_ch00", "A01_t0002_ch00")) {
                String ext = e.microscope().equals("Keyence") ? ".tif" : ".nd2";
                write(root.resolve("raw_image_data/" + e.microscope() + "/" + e.name() + "/" + image + ext), e.name() + " " + image + "\n");
            }
            write(root.resolve(e.wellMetadata()), "well metadata of " + e.name() + "\n");
        }
        // what the lab's discovery skips
        write(root.resolve("raw_image_data/Keyence/_archive_old/README.txt"), "old\n");
        write(root.resolve("raw_image_data/YX1/IGNORE_calibration/flat.nd2"), "flat\n");
        for (String model : List.of("mask_v0_0100", "yolk_v1_0050", "focus_v0_0100", "bubble_v0_0100", "via_v1_0100")) {
            write(root.resolve("segmentation/segmentation_models/" + model), "UNet weights " + model + "\n");
        }
        write(root.resolve("models/legacy/" + MODEL + "/model_config.json"), "{\"latent_dim\": 3}\n");
        write(root.resolve("metadata/stage_ref_df.csv"), "sa_um,stage_hpf\n1000,24\n2000,48\n");
        write(root.resolve("metadata/sa_reference_curves.csv"), "stage_hpf,sa_um_max\n24,1500\n48,2500\n");
        write(root.resolve("metadata/perturbation_name_key.csv"), "master_perturbation,short_pert_name\nwt,wt\n");
    }

    /** Exit code, stdout and stderr of morph with {@code args} on the cohort pipeline and this root. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            assertEquals(0, exit, err);
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Result morph(String... args) {
        List<String> all = new ArrayList<>(List.of("-p", PROJECT.resolve("pipelines/morphseq-cohort.yaml").toString(), "-r",
                root.toString(), "--no-color"));
        all.addAll(List.of(args));
        if (List.of("run", "plan").contains(args[0])) {
            all.addAll(params);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new CliEnvironment(Map.of(), PROJECT, false, ZoneId.of("UTC")),
                new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** The fake entry points' calls so far, one JSON object each: entry, argv, cwd. */
    List<JsonNode> calls() throws IOException {
        Path log = checkout.resolve("fake-calls.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** Makes {@code relative} the newest file of the data root (1 ms past the newest one), as a re-exported raw image would be. */
    void touchNewest(String relative) throws IOException {
        long newest;
        try (Stream<Path> files = Files.walk(root)) {
            newest = files.filter(Files::isRegularFile).filter(f -> !root.relativize(f).startsWith(".morph"))
                    .mapToLong(f -> lastModified(f)).max().orElseThrow();
        }
        Files.setLastModifiedTime(root.resolve(relative), FileTime.fromMillis(newest + 1));
    }

    private static long lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.toString().contains("__pycache__")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
