package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertLine;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.fieldNames;
import static dev.morph.cli.CliFixture.json;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.root;
import static dev.morph.cli.CliFixture.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code morph plan} on the lab of {@link CliFixture.Lab}: the dry-run text and JSON, targets, forcing,
 * params, and nothing to do.
 */
class CliPlanTest {
    @TempDir
    Path tmp;

    @Test
    void plan_dryRunText_listsJobsInOrderWithReasonsAndCommands() {
        Result r = ok(morph(tmp, "plan", "--dry-run", "--explain"));
        String root = root(tmp);

        String expected = String.join("\n",
                "1. prep/" + Lab.ONE,
                "     why: input raw/a/" + Lab.ONE + "/img.tif (2025-01-05 10:00:00.000) is newer than output prep/" + Lab.ONE
                        + ".csv (2025-01-02 10:00:00.000)",
                "     run: tool prep " + Lab.ONE + " " + root + "/raw/a/" + Lab.ONE + " " + root + "/prep/" + Lab.ONE + ".csv",
                "2. prep/" + Lab.THREE,
                "     why: output prep/" + Lab.THREE + ".csv does not exist",
                "     run: tool prep " + Lab.THREE + " " + root + "/raw/b/" + Lab.THREE + " " + root + "/prep/" + Lab.THREE + ".csv",
                "3. embed/" + Lab.ONE,
                "     why: upstream job prep/" + Lab.ONE + " will run (because input raw/a/" + Lab.ONE
                        + "/img.tif (2025-01-05 10:00:00.000) is newer than output prep/" + Lab.ONE + ".csv (2025-01-02 10:00:00.000))",
                "     run: tool embed --model m1 " + root + "/prep/" + Lab.ONE + ".csv " + root + "/embed/m1/" + Lab.ONE + ".csv",
                "4. embed/" + Lab.TWO,
                "     why: output embed/m1/" + Lab.TWO + ".csv does not exist");
        assertTrue(r.out().replace("\r\n", "\n").startsWith(expected), () -> "expected the plan to start with:\n" + expected + "\ngot:\n" + r.out());
        assertLine(r, "5\\. combine");
        assertLine(r, "\\s+why: output combined/all\\.csv does not exist");
        assertLine(r, "\\s+reads embs of 2 experiment\\(s\\); left out: " + Lab.THREE + " \\(blocked: missing meta/" + Lab.THREE + "\\.txt\\)");
        assertTrue(r.out().contains("     run: tool combine " + root + "/combined/all.csv " + root + "/embed/m1/" + Lab.ONE + ".csv "
                + root + "/embed/m1/" + Lab.TWO + ".csv\n"), r.out());
        assertLine(r, "\\s+embed/" + Lab.THREE + "\\s+missing meta/" + Lab.THREE + "\\.txt");
        assertEquals("5 jobs to run, 1 blocked, 1 up to date.", r.outLines().get(r.outLines().size() - 1));
    }

    @Test
    void plan_withoutDryRun_isTheSameDryPlan() {
        assertEquals(ok(morph(tmp, "plan", "--dry-run")).out(), ok(morph(tmp, "plan")).out());
    }

    @Test
    void plan_json_hasExactlyJobsBlockedOutsideInputsAndSummary() {
        JsonNode j = json(morph(tmp, "plan", "--format", "json"));
        String root = root(tmp);

        assertEquals(List.of("jobs", "blocked", "outside_data_root", "summary"), fieldNames(j));
        assertEquals(0, j.get("outside_data_root").size(), "this pipeline reads nothing outside its data root");
        List<String> ids = new ArrayList<>();
        for (JsonNode job : j.get("jobs")) {
            ids.add(job.get("id").asText());
            assertTrue(fieldNames(job).containsAll(List.of("id", "step", "experiment", "reasons", "command")), job.toString());
            assertTrue(job.get("step").isTextual());
            assertTrue(job.get("reasons").isArray() && job.get("reasons").size() > 0, job.toString());
            job.get("reasons").forEach(reason -> assertTrue(reason.get("code").isTextual(), reason.toString()));
            assertTrue(job.get("command").isArray());
            job.get("command").forEach(arg -> assertTrue(arg.isTextual(), job.toString()));
        }
        assertEquals(List.of("prep[" + Lab.ONE + "]", "prep[" + Lab.THREE + "]", "embed[" + Lab.ONE + "]", "embed[" + Lab.TWO + "]",
                "combine"), ids);

        JsonNode prepOne = j.get("jobs").get(0);
        assertEquals("prep", prepOne.get("step").asText());
        assertEquals(Lab.ONE, prepOne.get("experiment").asText());
        assertEquals(List.of("tool", "prep", Lab.ONE, root + "/raw/a/" + Lab.ONE, root + "/prep/" + Lab.ONE + ".csv"),
                texts(prepOne.get("command")));
        JsonNode reason = prepOne.get("reasons").get(0);
        assertEquals("INPUT_NEWER", reason.get("code").asText());
        assertEquals("raw/a/" + Lab.ONE + "/img.tif", reason.get("input").asText());
        assertEquals("prep/" + Lab.ONE + ".csv", reason.get("output").asText());

        JsonNode embedOne = j.get("jobs").get(2);
        assertEquals("UPSTREAM_WILL_RUN", embedOne.get("reasons").get(0).get("code").asText());
        assertEquals("prep[" + Lab.ONE + "]", embedOne.get("reasons").get(0).get("job").asText());

        JsonNode combine = j.get("jobs").get(4);
        assertTrue(combine.get("experiment").isNull(), "a global job's experiment is null: " + combine);
        assertEquals("combine", combine.get("step").asText());
        assertEquals(List.of("tool", "combine", root + "/combined/all.csv", root + "/embed/m1/" + Lab.ONE + ".csv",
                root + "/embed/m1/" + Lab.TWO + ".csv"), texts(combine.get("command")));
        Set<String> codes = new TreeSet<>();
        combine.get("reasons").forEach(x -> codes.add(x.get("code").asText()));
        assertEquals(Set.of("MISSING_OUTPUT", "UPSTREAM_WILL_RUN"), codes);

        JsonNode blocked = j.get("blocked");
        assertEquals(1, blocked.size());
        JsonNode b = blocked.get(0);
        assertTrue(fieldNames(b).containsAll(List.of("id", "step", "experiment", "missing")), b.toString());
        assertEquals("embed[" + Lab.THREE + "]", b.get("id").asText());
        assertEquals("embed", b.get("step").asText());
        assertEquals(Lab.THREE, b.get("experiment").asText());
        assertEquals(List.of("meta/" + Lab.THREE + ".txt"), texts(b.get("missing")));

        JsonNode summary = j.get("summary");
        assertTrue(summary.isObject());
        assertEquals(5, summary.get("to_run").asInt());
        assertEquals(1, summary.get("blocked").asInt());
        assertEquals(1, summary.get("up_to_date").asInt());
        assertEquals(7, summary.get("total").asInt());
    }

    @Test
    void plan_targetStep_bringsOnlyItsUpstream() {
        JsonNode j = json(morph(tmp, "plan", "emb", "--format", "json", "-e", Lab.TWO));

        List<String> ids = new ArrayList<>();
        j.get("jobs").forEach(job -> ids.add(job.get("id").asText()));
        assertEquals(List.of("embed[" + Lab.TWO + "]"), ids, "target by alias; prep[two] is up to date; no combine");
        assertEquals(1, j.get("summary").get("up_to_date").asInt());
    }

    @Test
    void plan_force_forcesEveryJobOfTheTarget() {
        Result r = ok(morph(tmp, "plan", "prep", "--force", "--explain"));

        assertLine(r, "\\d\\. prep/" + Lab.TWO);
        assertTrue(r.out().contains("why: forced by --force"), r.out());
        assertEquals("3 jobs to run, 0 blocked, 0 up to date.", r.outLines().get(r.outLines().size() - 1));
    }

    @Test
    void plan_forceStep_runsDownstreamByUpstreamWillRun() {
        JsonNode j = json(morph(tmp, "plan", "--force-step", "prep", "--format", "json", "-e", Lab.TWO));

        Map<String, JsonNode> byId = new HashMap<>();
        j.get("jobs").forEach(job -> byId.put(job.get("id").asText(), job));
        assertEquals("FORCED", byId.get("prep[" + Lab.TWO + "]").get("reasons").get(0).get("code").asText());
        assertTrue(byId.containsKey("embed[" + Lab.TWO + "]"), j.toString());
    }

    @Test
    void plan_param_changesPathsAndCommands() {
        Result r = ok(morph(tmp, "plan", "--param", "model=m2", "-e", Lab.ONE, "--explain"));

        assertTrue(r.out().contains("why: output embed/m2/" + Lab.ONE + ".csv does not exist"), r.out());
        assertTrue(r.out().contains("run: tool embed --model m2 "), r.out());
    }

    @Test
    void plan_nothingToDo_saysSo() throws IOException {
        Lab.create(tmp);
        Path root = tmp.resolve("root");
        Lab.file(root, "prep/" + Lab.ONE + ".csv", Lab.at(6, 10));
        Lab.file(root, "embed/m1/" + Lab.ONE + ".csv", Lab.at(7, 10));

        Result r = ok(morphIn(env(tmp), "plan", "prep", "-e", Lab.ONE, "--explain"));

        assertEquals("Nothing to do, 0 blocked, 1 up to date.", r.out().strip());
    }

    @Test
    void plan_json_dependsOnNamesTheUpstreamJobsThatRun() {
        JsonNode j = json(morph(tmp, "plan", "--format", "json"));
        Map<String, List<String>> dependsOn = new HashMap<>();
        j.get("jobs").forEach(job -> dependsOn.put(job.get("id").asText(), texts(job.get("depends_on"))));

        assertEquals(List.of(), dependsOn.get("prep[" + Lab.ONE + "]"));
        assertEquals(List.of("prep[" + Lab.ONE + "]"), dependsOn.get("embed[" + Lab.ONE + "]"));
        assertEquals(List.of(), dependsOn.get("embed[" + Lab.TWO + "]"), "prep[two] is up to date, so not a dependency that runs");
        assertEquals(List.of("embed[" + Lab.ONE + "]", "embed[" + Lab.TWO + "]"), dependsOn.get("combine"),
                "blocked embed[three] is left out");
    }
}
