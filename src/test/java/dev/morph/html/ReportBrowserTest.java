package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.app.RunHistory;
import dev.morph.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * {@code morph report} on README's demo root, opened from disk in headless Chromium: after a full run,
 * one experiment's raw images touched (stale), one blocked, one with a hostile name.
 */
class ReportBrowserTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String WNT = "20250603_24hpf_wnt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    DemoLab lab;
    Path page;

    @BeforeEach
    void runDemoAndWriteReport() throws Exception {
        lab = new DemoLab(tmp);
        lab.morph(0, "run", "e2e", "-j", "2");
        Path raw = lab.root.resolve("raw_image_data/YX1/" + WNT + "/A01_t0001_z1.pgm");
        Files.setLastModifiedTime(raw, FileTime.from(Instant.now().plusSeconds(3600)));
        Path hostile = Files.createDirectories(lab.root.resolve("raw_image_data/YX1").resolve(HOSTILE));
        Files.writeString(hostile.resolve("A01_t0001_z1.pgm"), "P2 1 1 255 0\n");
        page = tmp.resolve("report.html");
        lab.morph(0, "report", "-o", page.toString());
    }

    @Test
    void showsEveryExperimentAndStep_withTheStatesStatusGives() throws IOException {
        JsonNode status = JSON.readTree(lab.morph(0, "status", "--format", "json"));
        Map<String, String> expected = new TreeMap<>();
        status.get("experiments").forEach(e -> e.get("steps").fields()
                .forEachRemaining(s -> expected.put(s.getKey() + "[" + e.get("name").asText() + "]", s.getValue().get("state").asText())));
        try (Browser b = Browser.open()) {
            b.driver.get(page.toUri().toString());
            Map<String, String> shown = new TreeMap<>();
            for (WebElement cell : b.driver.findElements(By.cssSelector("#matrix-rows .cell[data-job]"))) {
                shown.put(cell.getAttribute("data-job"), cell.getAttribute("data-state"));
            }
            b.screenshot("report-demo");
            assertEquals(expected, shown);
            assertEquals(status.get("experiments").size(), b.driver.findElements(By.cssSelector("#matrix-rows .mrow")).size());
            assertTrue(shown.containsValue("stale") && shown.containsValue("blocked") && shown.containsValue("up-to-date"), shown.toString());
            List<String> steps = b.driver.findElements(By.cssSelector("#matrix-head .step")).stream().map(e -> e.getAttribute("title")).toList();
            assertEquals(List.of("build01", "qc_masks", "sam2", "build03", "latents", "build04", "build06"), steps);
            String globals = b.driver.findElement(By.id("globals")).getText();
            assertTrue(globals.contains("cohort_df02") && globals.contains("20250610_36hpf_noto left out: blocked"), globals);
        }
    }

    @Test
    void clickingAStaleCell_showsItsReasonChain() throws IOException {
        try (Browser b = Browser.open()) {
            b.driver.get(page.toUri().toString());
            b.driver.findElement(By.cssSelector(".cell[data-job='build03[" + WNT + "]']")).click();
            WebElement detail = b.driver.findElement(By.id("detail"));
            b.waiting(Duration.ofSeconds(5)).until(d -> detail.isDisplayed());
            String text = detail.getText();
            b.screenshot("report-stale-cell");
            assertTrue(text.contains("state: stale"), text);
            assertTrue(text.contains("upstream job build01[" + WNT + "] will run"), text);
            assertTrue(text.contains("input raw_image_data/YX1/" + WNT + "/A01_t0001_z1.pgm (") && text.contains(") is newer than output"), text);
            assertTrue(text.contains("Last execution") && text.contains("succeeded"), text);
        }
    }

    @Test
    void timeline_hasOneBarPerJobOfTheRun() throws IOException {
        RunState run = new RunHistory(lab.project()).recent(1).runs().get(0);
        List<String> started = run.jobs().stream().filter(j -> j.span().startedAt() != null).map(RunState.JobEntry::id).sorted().toList();
        try (Browser b = Browser.open()) {
            b.driver.get(page.toUri().toString());
            b.driver.findElement(By.id("runs-section")).getLocation();
            List<String> bars = b.driver.findElements(By.cssSelector("#timeline-svg rect.bar")).stream()
                    .map(e -> e.getAttribute("data-job")).sorted().toList();
            b.script("document.getElementById('runs-section').scrollIntoView()");
            b.screenshot("report-timeline");
            assertEquals(21, started.size());
            assertEquals(started, bars);
            String detail = b.driver.findElement(By.id("run-detail")).getText();
            assertTrue(detail.contains("Resource use per step") && detail.contains("build01") && detail.contains("100.0 MiB"),
                    "each step's measured use against its request (the demo asks mem: 100M): " + detail);
        }
    }

    @Test
    void thePage_makesNoNetworkRequest() throws IOException {
        try (Browser b = Browser.open()) {
            b.driver.get(page.toUri().toString());
            b.driver.findElement(By.cssSelector(".cell[data-job='build03[" + WNT + "]']")).click();
            b.driver.findElement(By.cssSelector("#run-table tr[data-run]")).click();
            List<String> requests = b.requests();
            b.screenshot("report-offline");
            assertEquals(List.of(page.toUri().toString()), requests.stream().distinct().toList());
            assertEquals(0L, b.script("return performance.getEntriesByType('resource').length"));
        }
    }

    @Test
    void aHostileExperimentName_rendersAsText() throws IOException {
        try (Browser b = Browser.open()) {
            b.driver.get(page.toUri().toString());
            WebElement row = b.driver.findElement(By.cssSelector("#matrix-rows .mrow[data-exp='" + HOSTILE + "']"));
            b.screenshot("report-hostile-name");
            assertEquals(HOSTILE, row.findElement(By.className("name")).getText());
            assertEquals(0, b.driver.findElements(By.tagName("img")).size());
            assertFalse(alertShown(b));
            row.findElement(By.cssSelector(".cell[data-job]")).click();
            assertTrue(b.driver.findElement(By.id("detail-body")).getText().contains(HOSTILE));
            assertEquals(0, b.driver.findElements(By.tagName("img")).size());
            assertFalse(alertShown(b));
        }
    }

    private static boolean alertShown(Browser b) {
        try {
            b.driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }
}
