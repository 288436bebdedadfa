package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The report of a 1,006-experiment root in headless Chromium: rows virtualised, every one reachable by scrolling or filtering. */
class LargeReportBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void aThousandExperiments_scrollAndFilter() throws Exception {
        DemoLab lab = new DemoLab(tmp);
        Path template = lab.root.resolve("raw_image_data/YX1/20250603_24hpf_wnt");
        for (int i = 0; i < 1000; i++) {
            Path copy = Files.createDirectories(template.resolveSibling(String.format("20250701_e%04d", i)));
            try (Stream<Path> files = Files.list(template)) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        Path page = tmp.resolve("big.html");
        lab.morph(0, "report", "-o", page.toString());
        try (Browser b = Browser.open()) {
            long start = System.nanoTime();
            b.driver.get(page.toUri().toString());
            long loadMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("1006 of 1006 experiments", b.driver.findElement(By.id("row-count")).getText());
            int inPage = b.driver.findElements(By.cssSelector("#matrix-rows .mrow")).size();
            assertTrue(inPage < 100, inPage + " rows in the page: only those in view (and a margin) are drawn");
            b.script("const m = document.getElementById('matrix-body'); m.scrollTop = m.scrollHeight;");
            b.waiting(Duration.ofSeconds(10)).until(x -> !x.findElements(By.cssSelector(".mrow[data-exp='20250701_e0999']")).isEmpty());
            b.screenshot("report-1000-scrolled");
            b.driver.findElement(By.id("filter")).sendKeys("e0500");
            assertEquals("1 of 1006 experiments", b.driver.findElement(By.id("row-count")).getText());
            b.driver.findElement(By.cssSelector(".cell[data-job='build01[20250701_e0500]']")).click();
            assertTrue(b.driver.findElement(By.id("detail-body")).getText().contains("raw_image_data/YX1/20250701_e0500/"));
            b.screenshot("report-1000-filtered");
            System.out.println("report of 1,006 experiments: " + Files.size(page) + " bytes, loaded in Chromium in " + loadMs + " ms");
        }
    }
}
