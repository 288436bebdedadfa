package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertLine;
import static dev.morph.cli.CliFixture.assertUsageError;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code morph touch}: stale jobs whose outputs exist become up to date without running; the others are named with why. */
class CliTouchTest {
    @TempDir
    Path tmp;

    @Test
    void touch_marksStaleJobsWithOutputs_andNamesTheOthers() throws Exception {
        Result r = ok(morph(tmp, "touch"));

        assertLine(r, "Marked 2 jobs up to date \\(journal: touch-.*\\):");
        assertLine(r, "  prep/" + Lab.ONE);
        assertLine(r, "  embed/" + Lab.ONE);
        assertLine(r, "  prep/" + Lab.THREE + "  output prep/" + Lab.THREE + ".csv does not exist; run it");
        assertLine(r, "  combine  output combined/all.csv does not exist; run it");

        String after = ok(morphIn(env(tmp), "plan", "--explain")).out();
        assertFalse(after.contains(". prep/" + Lab.ONE), after);
        assertFalse(after.contains(". embed/" + Lab.ONE), after);
        assertTrue(after.contains(". prep/" + Lab.THREE), after);
        // outputs carry the new time; the raw input was not touched
        assertTrue(Files.getLastModifiedTime(tmp.resolve("root/prep/" + Lab.ONE + ".csv")).toInstant().isAfter(Lab.at(5, 10)));
        assertEquals(FileTime.from(Lab.at(5, 10)), Files.getLastModifiedTime(tmp.resolve("root/raw/a/" + Lab.ONE + "/img.tif")));
    }

    @Test
    void touch_dryRun_changesNothing() throws Exception {
        Result r = ok(morph(tmp, "touch", "--dry-run"));

        assertLine(r, "Would mark 2 jobs up to date:");
        assertEquals(FileTime.from(Lab.at(2, 10)), Files.getLastModifiedTime(tmp.resolve("root/prep/" + Lab.ONE + ".csv")));
        assertFalse(Files.exists(tmp.resolve("root/.morph/journal")), "no journal written");
    }

    @Test
    void touch_patternMatchesNothing_refused() {
        Lab.create(tmp);
        assertUsageError(CliFixture.run(env(tmp), "-p", "pipe.yaml", "-r", "root/raw", "touch"), "no experiments under");
    }
}
