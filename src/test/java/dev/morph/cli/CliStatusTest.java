package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertLine;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.hasLine;
import static dev.morph.cli.CliFixture.json;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.root;
import static dev.morph.cli.CliFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code morph status} on the lab of {@link CliFixture.Lab}: the table, JSON, selections by name and date,
 * the same answer on Jimfs as on disk, and rows grouped by state past 50 experiments.
 */
class CliStatusTest {
    @TempDir
    Path tmp;

    @Test
    void status_table_showsEachExperimentsStatePerStep() {
        Result r = ok(morph(tmp, "status"));

        assertEquals("mini · data root " + root(tmp) + " · 3 experiments", r.outLines().get(0));
        assertLine(r, "EXPERIMENT\\s+SCOPE\\s+prep\\s+embed");
        // ASCII symbols without a UTF-8 locale: = up to date, ~ stale, + missing, x blocked
        assertLine(r, Lab.ONE + "\\s+a\\s+~\\s+~");
        assertLine(r, Lab.TWO + "\\s+a\\s+=\\s+\\+");
        assertLine(r, Lab.THREE + "\\s+b\\s+\\+\\s+x");
        assertFalse(r.out().contains("_scratch") || r.out().contains(".hidden") || r.out().contains("IGNORE_old"),
                "ignored names are not experiments");
    }

    @Test
    void status_table_showsGlobalStepsCountsBottleneckAndBlocked() {
        Result r = ok(morph(tmp, "status"));

        assertLine(r, "combine\\s+missing\\s+output combined/all\\.csv does not exist; 2 upstream jobs will run");
        assertLine(r, "\\s+reads embs of 2 of 3 experiments; left out: " + Lab.THREE);
        assertLine(r, "prep\\s+1 \\(33%\\)\\s+1 \\(33%\\)\\s+1 \\(33%\\)\\s+0 \\(0%\\)");
        assertLine(r, "embed\\s+0 \\(0%\\)\\s+1 \\(33%\\)\\s+1 \\(33%\\)\\s+1 \\(33%\\)");
        assertTrue(r.out().contains("Bottleneck: prep is the first step not up to date for 2 of 3 experiments."), r.out());
        assertLine(r, "\\s+" + Lab.THREE + ": embed misses meta/" + Lab.THREE + "\\.txt");
    }

    @Test
    void status_json_hasStatesPerExperimentAndStepAndSummaryCounts() {
        JsonNode j = json(morph(tmp, "status", "--format", "json"));

        Map<String, Map<String, String>> states = new LinkedHashMap<>();
        for (JsonNode e : j.get("experiments")) {
            Map<String, String> perStep = new LinkedHashMap<>();
            e.get("steps").fields().forEachRemaining(s -> perStep.put(s.getKey(), s.getValue().get("state").asText()));
            states.put(e.get("name").asText(), perStep);
        }
        assertEquals(Map.of(
                Lab.ONE, Map.of("prep", "stale", "embed", "stale"),
                Lab.TWO, Map.of("prep", "up-to-date", "embed", "missing"),
                Lab.THREE, Map.of("prep", "missing", "embed", "blocked")), states);
        assertEquals(List.of(Lab.ONE, Lab.TWO, Lab.THREE), new ArrayList<>(states.keySet()), "experiments by name");

        JsonNode first = j.get("experiments").get(0);
        assertEquals("a", first.get("attributes").get("scope").asText());
        assertEquals("2025-01-01", first.get("date").asText());

        JsonNode global = j.get("global");
        assertEquals(1, global.size());
        assertEquals("combine", global.get(0).get("step").asText());
        assertEquals("missing", global.get(0).get("state").asText());
        assertEquals(List.of(Lab.ONE, Lab.TWO), texts(global.get(0).get("experiments").get("embs").get("included")));
        assertTrue(global.get(0).get("experiments").get("embs").get("excluded").has(Lab.THREE));

        JsonNode summary = j.get("summary");
        assertEquals(3, summary.get("experiments").asInt());
        JsonNode prep = summary.get("steps").get("prep");
        assertEquals(1, prep.get("up_to_date").asInt());
        assertEquals(1, prep.get("stale").asInt());
        assertEquals(1, prep.get("missing").asInt());
        assertEquals(0, prep.get("blocked").asInt());
        assertEquals(3, prep.get("total").asInt());
        JsonNode embed = summary.get("steps").get("embed");
        assertEquals(0, embed.get("up_to_date").asInt());
        assertEquals(1, embed.get("stale").asInt());
        assertEquals(1, embed.get("missing").asInt());
        assertEquals(1, embed.get("blocked").asInt());
        assertEquals("prep", summary.get("bottleneck").get("step").asText());
        assertEquals(2, summary.get("bottleneck").get("experiments").asInt());
    }

    @Test
    void status_json_reasonsNameInputOutputAndBothTimes() {
        JsonNode j = json(morph(tmp, "status", "--format", "json"));

        JsonNode reasons = j.get("experiments").get(0).get("steps").get("prep").get("reasons");
        assertEquals(1, reasons.size(), reasons.toString());
        JsonNode r = reasons.get(0);
        assertEquals("INPUT_NEWER", r.get("code").asText());
        assertEquals("raw/a/" + Lab.ONE + "/img.tif", r.get("input").asText());
        assertEquals("2025-01-05T10:00:00Z", r.get("input_mtime").asText());
        assertEquals("prep/" + Lab.ONE + ".csv", r.get("output").asText());
        assertEquals("2025-01-02T10:00:00Z", r.get("output_mtime").asText());

        JsonNode blocked = j.get("experiments").get(2).get("steps").get("embed");
        assertEquals(List.of("meta/" + Lab.THREE + ".txt"), texts(blocked.get("missing")));
    }

    @Test
    void status_selection_limitsRowsButNotGlobalJobs() {
        JsonNode j = json(morph(tmp, "status", "--format", "json", "-e", Lab.TWO));

        assertEquals(1, j.get("experiments").size());
        assertEquals(Lab.TWO, j.get("experiments").get(0).get("name").asText());
        assertEquals(1, j.get("global").size(), "global jobs still see every experiment");
        assertEquals(List.of(Lab.ONE, Lab.TWO), texts(j.get("global").get(0).get("experiments").get("embs").get("included")));
    }

    @Test
    void status_dateRange_selectsExperimentsStrictlyBetween() {
        JsonNode j = json(morph(tmp, "status", "--format", "json", "--later-than", "20250101", "--earlier-than", "20250103"));

        List<String> names = new ArrayList<>();
        j.get("experiments").forEach(e -> names.add(e.get("name").asText()));
        assertEquals(List.of(Lab.TWO), names);
    }

    @Test
    void status_onJimfs_matchesRealDirectory() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path jimLab = Lab.create(fs.getPath("/lab"));
            Result onJimfs = morphIn(env(jimLab), "status", "--format", "json");
            Result onDisk = morph(tmp, "status", "--format", "json");

            assertEquals(json(onDisk), json(onJimfs));
            Result table = ok(morphIn(env(jimLab), "status"));
            assertEquals("mini · data root /lab/root · 3 experiments", table.outLines().get(0));
        }
    }

    @Test
    void status_moreThan50Experiments_groupsRowsByState() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path base = manyExperiments(fs.getPath("/lab"), 55);
            Result r = ok(morphIn(env(base), "status"));

            assertLine(r, "EXPERIMENTS\\s+prep\\s+embed");
            assertLine(r, "35 experiments\\s+\\+\\s+x\\s+20250201_e00, 20250201_e01, 20250201_e02, … and 32 more");
            assertLine(r, "20 experiments\\s+\\+\\s+\\+\\s+.*");
            assertTrue(r.out().contains("(55 experiments grouped by state; --all lists each one)"), r.out());
            assertFalse(hasLine(r, "20250201_e40\\s.*"), "grouped rows do not list experiments one per line");
        }
    }

    @Test
    void status_moreThan50ExperimentsWithAll_listsEachOne() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path base = manyExperiments(fs.getPath("/lab"), 55);
            Result r = ok(morphIn(env(base), "status", "--all"));

            for (int i = 0; i < 55; i++) {
                String name = String.format("20250201_e%02d", i);
                String state = i < 35 ? "\\+\\s+x" : "\\+\\s+\\+";
                assertLine(r, name + "\\s+a\\s+" + state);
            }
            assertFalse(r.out().contains("grouped by state"), r.out());
        }
    }

    @Test
    void status_exactly50Experiments_listsEachOne() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path base = manyExperiments(fs.getPath("/lab"), 50);
            Result r = ok(morphIn(env(base), "status"));

            assertLine(r, "20250201_e49\\s+a\\s+\\+\\s+\\+");
            assertFalse(r.out().contains("grouped by state"), r.out());
        }
    }

    /** {@code n} experiments with raw data only; those from e35 on also have their meta file. */
    private static Path manyExperiments(Path base, int n) {
        Lab.text(base.resolve("pipe.yaml"), Lab.PIPELINE);
        Path root = base.resolve("root");
        for (int i = 0; i < n; i++) {
            String exp = String.format("20250201_e%02d", i);
            Lab.file(root, "raw/a/" + exp + "/img.tif", Lab.at(1, 10));
            if (i >= 35) {
                Lab.file(root, "meta/" + exp + ".txt", Lab.at(1, 10));
            }
        }
        return base;
    }
}
