package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.app.Invocation;
import dev.morph.app.Experiments;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;
import dev.morph.store.StateJson;
import dev.morph.text.Zone;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** {@code morph serve} on the demo root, watched in headless Chromium while runs go on. */
class ServeBrowserTest {
    private static final String WNT = "20250603_24hpf_wnt";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    DemoLab lab;

    @BeforeEach
    void builtDemo() throws Exception {
        lab = new DemoLab(tmp);
        lab.morph(0, "run", "e2e", "-j", "2");
    }

    private Dashboard serve() throws Exception {
        return Dashboard.start(lab.project(), Invocation.status(Experiments.ALL), InetAddress.getLoopbackAddress(), 0, Zone.UTC, 20,
                w -> System.err.println("dashboard: " + w));
    }

    @Test
    void aCellTurnsGreen_whenItsJobFinishes_withoutReload() throws Exception {
        // new raw data, newer than the outputs built before and older than those the run below builds
        Files.setLastModifiedTime(lab.root.resolve("raw_image_data/YX1/" + WNT + "/A01_t0001_z1.pgm"), FileTime.from(Instant.now()));
        String cell = ".cell[data-job='build01[" + WNT + "]']";
        try (Dashboard d = serve(); Browser b = Browser.open()) {
            b.driver.get(d.url());
            assertEquals("stale", b.driver.findElement(By.cssSelector(cell)).getAttribute("data-state"));
            b.script("window.sameDocument = 'yes'");
            lab.morph(0, "run", "build01", "--only", "--experiments", WNT);
            try {
                b.waiting(PATIENCE).until(x -> "up-to-date".equals(x.findElement(By.cssSelector(cell)).getAttribute("data-state")));
            } catch (RuntimeException e) {
                throw new AssertionError("console: " + b.console() + "\nlive: " + b.driver.findElement(By.id("live-state")).getText(), e);
            }
            b.screenshot("serve-cell-turned-green");
            assertEquals("yes", b.script("return window.sameDocument"), "the page was not reloaded");
        }
    }

    @Test
    void theStopButton_stopsARunWithTheToken_andIsRefusedWithout() throws Exception {
        Process run = startSlowRun();
        try (Dashboard d = serve(); Browser b = Browser.open()) {
            String runId = inProgressRun();
            b.driver.get(d.url());
            try {
                b.waiting(PATIENCE).until(x -> x.findElement(By.id("stop")).isDisplayed());
            } catch (RuntimeException e) {
                b.screenshot("serve-stop-missing");
                throw new AssertionError("console: " + b.console() + "\nruns: " + b.driver.findElement(By.id("runs-section")).getText(), e);
            }
            // the running job's cell opens its log, which the page follows
            b.waiting(PATIENCE).until(x -> !x.findElements(By.cssSelector(".cell[data-state='running']")).isEmpty());
            b.click(By.cssSelector(".cell[data-state='running']"));
            b.waiting(PATIENCE).until(x -> x.findElement(By.cssSelector("#detail pre.log")).getText().contains("=== morph: ")
                    && x.findElement(By.cssSelector("#detail pre.log")).getText().contains("in run " + runId));
            b.screenshot("serve-log-followed");
            b.click(By.id("detail-close"));
            b.driver.findElement(By.id("stop-token")).clear();
            b.click(By.id("stop"));
            b.waiting(PATIENCE).until(x -> x.findElement(By.id("stop-message")).getText().startsWith("refused"));
            b.screenshot("serve-stop-refused");
            assertTrue(run.isAlive(), "a stop without the token stops nothing");
            assertEquals(RunStatus.IN_PROGRESS, record(runId).status());

            b.driver.findElement(By.id("stop-token")).sendKeys(d.token());
            b.click(By.id("stop"));
            assertTrue(run.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the run stopped");
            assertEquals(130, run.exitValue(), "exit code of an interrupted run");
            RunState stopped = record(runId);
            assertEquals(RunStatus.STOPPED, stopped.status());
            assertEquals("USER_INTERRUPT", String.valueOf(stopped.outcome().reason()));
            b.waiting(PATIENCE).until(x -> x.findElement(By.cssSelector("#run-table tr[data-run='" + runId + "']")).getText().contains("stopped"));
            b.screenshot("serve-stopped");
        } finally {
            run.destroyForcibly();
        }
    }

    /** {@code morph run} in a JVM of its own (a stop signals that process), every demo program sleeping 30 s. */
    private Process startSlowRun() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.morph.launcher.Morph", "-p", DemoLab.PIPELINE.toString(), "-r", lab.root.toString(),
                "run", "e2e", "--force", "-j", "1", "--param", "delay=30"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("run.out").toFile()).start();
    }

    private String inProgressRun() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> id = runIds().stream().filter(r -> Files.exists(lab.root.resolve(".morph/runs/" + r + "/state.json"))
                    && record(r).status() == RunStatus.IN_PROGRESS && record(r).jobs().stream().anyMatch(j -> j.span().startedAt() != null))
                    .findFirst();
            if (id.isPresent()) {
                return id.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run in progress after " + PATIENCE + ": " + Files.readString(tmp.resolve("run.out")));
    }

    private List<String> runIds() throws IOException {
        try (Stream<Path> dirs = Files.list(lab.root.resolve(".morph/runs"))) {
            return dirs.map(p -> p.getFileName().toString()).toList();
        }
    }

    private RunState record(String runId) {
        try {
            return StateJson.read(lab.root.resolve(".morph/runs/" + runId + "/state.json"), RunState.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
