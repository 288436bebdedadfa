package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertUsageError;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never a silent success: a pattern that finds nothing, skipped experiment folders, an empty
 * {@code --experiments}, requested work that is all blocked, unknown or too-small resources — each is
 * said, with a documented exit code, and a refused run creates nothing.
 */
class CliSilentSuccessTest {
    @TempDir
    Path tmp;

    @Test
    void run_patternMatchesNothing_refusesNamingPatternAndWhereAndCreatesNothing() {
        Lab.create(tmp);
        // one level too deep: the data root given is root/raw
        Result r = run(env(tmp), "-p", "pipe.yaml", "-r", "root/raw", "run");

        assertUsageError(r, "no experiments under", "raw/{scope}/{exp}/", "matches nothing", "holds nothing matching 'raw'");
        assertFalse(Files.exists(tmp.resolve("root/raw/.morph")), "a refused run creates nothing");
    }

    @Test
    void status_patternMatchesNothing_warnsWithPatternOnStderr() {
        Lab.create(tmp);
        Result r = run(env(tmp), "-p", "pipe.yaml", "-r", "root/raw", "status");

        assertEquals(0, r.code());
        assertTrue(r.err().contains("morph: warning: no experiments under") && r.err().contains("matches nothing"), r.err());
        assertFalse(Files.exists(tmp.resolve("root/raw/.morph")));
    }

    @Test
    void status_folderWithUnlistedValue_isCountedAndNamed_andDashEExplainsIt() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("pipe.yaml"), Lab.PIPELINE.replace("  ignore:", "  values: {scope: [a, b]}\n  ignore:"));
        Lab.file(tmp.resolve("root"), "raw/leica/20250104_four/img.tif", Lab.at(1, 10));
        Lab.file(tmp.resolve("root"), "raw/leica/20250105_five/img.tif", Lab.at(1, 10));

        Result status = CliFixture.ok(morphIn(env(tmp), "status"));
        assertEquals(1, status.outLines().stream().filter(l -> l.contains("raw/leica/")).count(), status.out());
        CliFixture.assertLine(status, "Skipped: raw/leica/ \\(2 folders\\): scope 'leica' is not one of the pipeline's values \\(a, b\\)");
        JsonNode skipped = CliFixture.json(morphIn(env(tmp), "status", "--format", "json")).get("skipped");
        assertEquals(1, skipped.size(), skipped.toString());
        assertEquals("raw/leica/", skipped.get(0).get("path").asText());
        assertEquals("scope 'leica' is not one of the pipeline's values (a, b)", skipped.get(0).get("reason").asText());
        assertEquals("[\"20250104_four\",\"20250105_five\"]", skipped.get(0).get("folders").toString());

        assertUsageError(morphIn(env(tmp), "status", "-e", "20250104_four"),
                "'20250104_four' is not an experiment", "raw/leica/", "scope 'leica' is not one of");
    }

    @Test
    void experimentsEmpty_isAnError_neverEveryExperiment() {
        for (String command : new String[] {"run", "plan", "status"}) {
            assertUsageError(morph(tmp, command, "--experiments", ""), "--experiments is empty");
            assertUsageError(morph(tmp, command, "-e", " , "), "--experiments is empty");
        }
        assertFalse(Files.exists(tmp.resolve("root/.morph/runs")), "nothing ran");
    }

    @Test
    void run_requestedWorkAllBlocked_exit4SayingWhatAndWhy() {
        // three's embed reads meta/20250103_three.txt, which does not exist
        Result r = morph(tmp, "run", "embed", "--only", "-e", Lab.THREE);

        assertEquals(4, r.code(), () -> r.out() + r.err());
        assertFalse(r.out().contains("up to date"), r.out());
        assertTrue(r.out().contains("embed") && r.out().contains(Lab.THREE) && r.out().contains("blocked"), r.out());
        assertTrue(r.out().contains("meta/" + Lab.THREE + ".txt"), r.out());
    }

    @Test
    void run_unknownResource_suggestsTheKnownName() {
        assertUsageError(morph(tmp, "run", "--resources", "gpu=2"), "unknown resource 'gpu'", "did you mean 'gpus'");
    }

    @Test
    void run_jobNeedsMoreThanOffered_isRefusedNotRunAnyway() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("pipe.yaml"), Lab.PIPELINE.replace("    aliases: [p]\n", "    aliases: [p]\n    resources: {gpus: 1}\n"));

        assertUsageError(morphIn(env(tmp), "run", "prep", "--resources", "gpus=0"),
                "prep needs gpus=1 (2 jobs) but the run offers gpus=0", "--resources");
        assertFalse(Files.exists(tmp.resolve("root/.morph/runs")) && tmp.resolve("root/.morph/runs").toFile().list().length > 0,
                "no run was recorded");
    }

    /** Cores are elastic: a job asking for more than the run has runs alone with all of them. */
    @Test
    void run_jobNeedsMoreCpusThanOffered_runsWithAllOfThem() {
        Lab.create(tmp);
        Lab.text(tmp.resolve("pipe.yaml"), Lab.PIPELINE.replace("    aliases: [p]\n", "    aliases: [p]\n    resources: {cpus: 64}\n")
                .replace("[tool, prep, \"{exp}\", \"{inputs.raw}\", \"{outputs.out}\"]", "[touch, \"{outputs.out}\"]"));

        Result r = morphIn(env(tmp), "run", "prep", "--resources", "cpus=1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.exists(tmp.resolve("root/prep/" + Lab.ONE + ".csv")), r.out());
    }
}
