package dev.morph.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.report.PlanText;
import dev.morph.report.Style;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** morph plan's words for upstream reasons: one line per root cause, naming the upstream jobs that share it. */
class PlanTextGroupingTest {
    private static List<String> whyLines(Plan plan, Fixture f, String job) {
        StringWriter out = new StringWriter();
        new PlanText(Style.PLAIN, new CommandRenderer(f.root)).print(plan, null, new PrintWriter(out));
        List<String> lines = out.toString().lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.matches("\\s*\\d+\\. " + java.util.regex.Pattern.quote(job))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + job + " in\n" + out)));
        return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> l.contains("why: ")).map(String::strip).toList();
    }

    @Test
    void upstreamReasonsFromOneRootJob_areOneLine() {
        // a new image of k1: g and b[k1] run because of a[k1], so k[k1] names both on one line
        Fixture f = new Fixture().built("Keyence", "20250101_k1", 100).built("YX1", "20250202_y1", 100).globals(200)
                .kFor("20250101_k1", 300).kFor("20250202_y1", 300).file("raw/Keyence/20250101_k1/img2.tif", 150);
        Plan plan = f.planAll();
        assertEquals(List.of("why: 2 upstream jobs will run: g, b/20250101_k1 (because a/20250101_k1: input "
                + "raw/Keyence/20250101_k1/img2.tif (1970-01-01 00:02:30.000) is newer than output a/20250101_k1/ "
                + "(1970-01-01 00:01:41.000))"), whyLines(plan, f, "k/20250101_k1"));
    }

    @Test
    void upstreamReasonsFromTwoRootJobs_areTwoLines() {
        // new images of both experiments: g reads b of each, and each b runs because of its own a
        Fixture f = new Fixture().built("Keyence", "20250101_k1", 100).built("YX1", "20250202_y1", 100).globals(200)
                .kFor("20250101_k1", 300).kFor("20250202_y1", 300)
                .file("raw/Keyence/20250101_k1/img2.tif", 150).file("raw/YX1/20250202_y1/img2.tif", 160);
        List<String> why = whyLines(f.planAll(), f, "g");
        assertEquals(2, why.size(), why::toString);
        assertEquals(true, why.get(0).startsWith("why: upstream job b/20250101_k1 will run (because a/20250101_k1: input"), why::toString);
        assertEquals(true, why.get(1).startsWith("why: upstream job b/20250202_y1 will run (because a/20250202_y1: input"), why::toString);
    }
}
