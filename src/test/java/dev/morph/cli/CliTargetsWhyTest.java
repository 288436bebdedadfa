package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertLine;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import dev.morph.report.DisplayWidth;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status STEP} and {@code graph STEP} take targets like plan; {@code status --why} (and {@code -e}) say why each cell is what it is. */
class CliTargetsWhyTest {
    @TempDir
    Path tmp;

    @Test
    void statusStep_showsThatStepAndWhatItNeeds_only() {
        Result r = ok(morph(tmp, "status", "prep"));

        assertLine(r, "EXPERIMENT\\s+SCOPE\\s+prep");
        assertFalse(r.out().contains("embed"), r.out());
        assertFalse(r.out().contains("combine"), r.out());
        assertLine(ok(morphIn(env(tmp), "status", "emb")), "EXPERIMENT\\s+SCOPE\\s+prep\\s+embed");
    }

    @Test
    void statusWhy_explainsEveryCellNotUpToDate_andDashEImpliesIt() {
        Result r = ok(morph(tmp, "status", "--why"));

        assertLine(r, "Why:");
        assertLine(r, "  " + Lab.ONE + "\\s+prep\\s+stale\\s+input raw/a/" + Lab.ONE + "/img.tif .* is newer than output prep/" + Lab.ONE + ".csv .*");
        assertLine(r, "  " + Lab.ONE + "\\s+embed\\s+stale\\s+upstream job prep/" + Lab.ONE + " will run");
        assertLine(r, "  " + Lab.THREE + "\\s+embed\\s+blocked\\s+missing meta/" + Lab.THREE + ".txt");
        assertFalse(r.out().contains(Lab.TWO + "  prep"), "up-to-date cells are not explained");

        Result one = ok(morphIn(env(tmp), "status", "-e", Lab.THREE));
        assertLine(one, "  " + Lab.THREE + "\\s+prep\\s+missing\\s+output prep/" + Lab.THREE + ".csv does not exist");
        assertFalse(ok(morphIn(env(tmp), "status")).out().contains("Why:"), "not by default");
    }

    @Test
    void graphStep_onlyThatStepAndItsUpstream() {
        Result r = ok(morph(tmp, "graph", "embed"));
        assertTrue(r.out().contains("prep") && r.out().contains("embed"), r.out());
        assertFalse(r.out().contains("combine"), r.out());

        Result jobs = ok(morphIn(env(tmp), "graph", "prep", "--jobs"));
        assertTrue(jobs.out().contains("prep[" + Lab.ONE + "]") || jobs.out().contains("prep/" + Lab.ONE), jobs.out());
        assertFalse(jobs.out().contains("embed"), jobs.out());
    }

    @Test
    void statusTable_alignsNamesByDisplayWidth_cjkTakesTwoColumns() {
        Lab.create(tmp);
        Lab.file(tmp.resolve("root"), "raw/a/20250104_実験データ/img.tif", Lab.at(1, 10));
        Result r = ok(morphIn(env(tmp, java.util.Map.of("LANG", "C.UTF-8"), false), "status"));

        List<String> rows = r.outLines().stream().filter(l -> l.startsWith("2025") || l.startsWith("EXPERIMENT")).toList();
        assertEquals(5, rows.size(), r.out());
        // the first cell starts at the same column on every row, measured in terminal columns
        int column = DisplayWidth.of(rows.get(0).substring(0, rows.get(0).indexOf("prep")));
        for (String row : rows.subList(1, rows.size())) {
            String beforeCell = row.replaceFirst("^(\\S+\\s+\\S+\\s+)\\S.*$", "$1");
            assertEquals(column, DisplayWidth.of(beforeCell), () -> "misaligned:\n" + String.join("\n", rows));
        }
    }
}
