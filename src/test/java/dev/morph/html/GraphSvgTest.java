package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graph --format svg} draws the report's step graph: laid out by Graphviz, steps coloured by state and counted. */
class GraphSvgTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsGraphviz() {
        if (!Graphviz.available()) {
            String why = "no Graphviz dot on the PATH; install it with: apt-get install graphviz";
            if ("true".equals(System.getenv("CI"))) {
                fail("Graphviz tests must run under CI=true, but there is " + why);
            }
            Assumptions.abort("Graphviz test skipped: " + why);
        }
    }

    @Test
    void theStepGraph_isTheReportsPicture() throws Exception {
        DemoLab lab = new DemoLab(tmp);
        String svg = lab.morph(0, "graph", "--format", "svg");
        assertTrue(svg.startsWith("<svg"), svg);
        Matcher nodes = Pattern.compile("<g id=\"node\\d+\" class=\"node\">\\s*<title>([^<]+)</title>").matcher(svg);
        int steps = 0;
        int legend = 0;
        while (nodes.find()) {
            if (nodes.group(1).startsWith("legend_")) {
                legend++;
            } else {
                steps++;
            }
        }
        assertEquals(9, steps, "one node per step of the demo pipeline");
        assertEquals(2, legend, "a legend entry per state shown: blocked and stale");
        assertTrue(svg.contains("fill=\"salmon\"") && svg.contains("fill=\"khaki\""), "blocked and stale steps coloured");
        Path page = tmp.resolve("r.html");
        lab.morph(0, "report", "-o", page.toString());
        assertTrue(Files.readString(page).contains(svg.strip()), "the report embeds the same picture");
    }
}
