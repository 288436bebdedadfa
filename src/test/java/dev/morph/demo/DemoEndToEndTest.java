package dev.morph.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.cli.CliEnvironment;
import dev.morph.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's demo, end to end: a fresh copy of testdata/demo made by testdata/make-demo-root.sh, the
 * real demo pipeline (testdata/morph.yaml, which extends pipelines/morphseq-cohort.yaml) and its programs.
 */
class DemoEndToEndTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String PIPELINE = PROJECT.resolve("testdata/morph.yaml").toString();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTO = "20250610_36hpf_noto";

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void copyDemo() throws IOException, InterruptedException {
        root = tmp.resolve("demo");
        Process p = new ProcessBuilder("sh", PROJECT.resolve("testdata/make-demo-root.sh").toString(), root.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private String[] morph(String... args) {
        List<String> all = new ArrayList<>(List.of("-p", PIPELINE, "-r", root.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new CliEnvironment(Map.of(), PROJECT, false, ZoneId.of("UTC")), new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private JsonNode json(String... args) throws IOException {
        String[] r = morph(args);
        assertEquals("0", r[0], r[2]);
        return JSON.readTree(r[1]);
    }

    /** Each root-cause line counts jobs, not reasons: a job missing two outputs is one job, named once. */
    @Test
    void demo_planRootCauses_countEachJobOnce_asTheTableDoes() {
        String[] r = morph("plan", "e2e", "--no-color");
        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        Map<String, Integer> run = new HashMap<>();
        for (String line : lines.subList(1, lines.indexOf(""))) {
            String[] cells = line.trim().split("\\s+");
            run.put(cells[0], cells[1].equals("·") ? 0 : Integer.parseInt(cells[1]));
        }
        Map<String, Integer> byStepAndCode = new HashMap<>();
        Pattern cause = Pattern.compile("  (?:(\\d+) (\\S+) jobs \\(([^)]*)\\)|(\\S+)/\\S+)  ([A-Z_]+)");
        for (String line : lines) {
            Matcher m = cause.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String step = m.group(2) != null ? m.group(2) : m.group(4);
            int jobs = m.group(1) != null ? Integer.parseInt(m.group(1)) : 1;
            if (m.group(3) != null) {
                List<String> named = List.of(m.group(3).replace(", …", "").split(", "));
                assertEquals(named.size(), new HashSet<>(named).size(), "an experiment named twice: " + line);
            }
            byStepAndCode.merge(step + " " + m.group(5), jobs, Integer::sum);
            assertTrue(jobs <= run.get(step), step + " has " + run.get(step) + " jobs to run, a cause counts " + jobs + ": " + line);
        }
        assertTrue(byStepAndCode.containsKey("build01 MISSING_OUTPUT"), r[1]);
    }

    @Test
    void demo_runEndToEnd_buildsEverythingButTheBlockedExperiment() throws IOException {
        JsonNode before = json("plan", "e2e", "--format", "json");
        // four experiments' chains of seven steps (tbx5 misses its last five), the two cohort steps; noto's seven blocked
        assertEquals(21, before.get("summary").get("to_run").asInt(), before.get("summary").toString());
        assertEquals(7, before.get("summary").get("blocked").asInt());

        String[] run = morph("run", "e2e", "-j", "2");
        assertEquals("0", run[0], run[1] + run[2]);

        JsonNode status = json("status", "--format", "json");
        for (JsonNode exp : status.get("experiments")) {
            String expected = exp.get("name").asText().equals(NOTO) ? "blocked" : "up-to-date";
            exp.get("steps").fields().forEachRemaining(s -> assertEquals(expected, s.getValue().get("state").asText(),
                    exp.get("name").asText() + " " + s.getKey()));
        }
        for (JsonNode g : status.get("global")) {
            assertEquals("up-to-date", g.get("state").asText(), g.toString());
        }
        String df03 = Files.readString(root.resolve("metadata/combined_metadata_files/embryo_metadata_df03.csv"));
        assertTrue(df03.contains("20250612_72hpf_shha"), "the new experiment reached the cohort file");
        assertTrue(!df03.contains(NOTO), "the blocked experiment is left out");

        String[] again = morph("run", "e2e");
        assertEquals("0", again[0]);
        assertTrue(again[1].contains("NOTHING_TO_DO") || again[1].contains("everything is up to date"), again[1]);

        Path raw = root.resolve("raw_image_data/Keyence/20250501_24hpf_ctrl/A01_t0001_tile1.pgm");
        Files.setLastModifiedTime(raw, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        List<String> ids = new ArrayList<>();
        json("plan", "e2e", "--format", "json").get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        String e = "20250501_24hpf_ctrl";
        assertEquals(List.of("build01[" + e + "]", "qc_masks[" + e + "]", "sam2[" + e + "]", "build03[" + e + "]",
                "latents[" + e + "]", "build04[" + e + "]", "build06[" + e + "]", "cohort_df02", "cohort_df03"), ids);
    }
}
