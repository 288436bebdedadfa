package dev.morph.html;

import dev.morph.Missing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven through
 * the installed {@code /usr/bin/chromedriver}, never a downloaded one. Without them a test skips with
 * one line saying what to install; under {@code CI=true} it fails instead, so CI cannot go green
 * without having run the browser tests.
 */
final class Browser implements AutoCloseable {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<Path> BINARIES = List.of(Path.of("/usr/lib/chromium/chromium"), Path.of("/usr/bin/chromium"));

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh headless Chromium that records its network requests; otherwise the test is skipped (under CI, fails). */
    static Browser open() {
        Optional<Path> binary = BINARIES.stream().filter(Files::isExecutable).findFirst();
        if (binary.isEmpty() || !Files.isExecutable(DRIVER)) {
            String why = "no Chromium here (" + (binary.isEmpty() ? "no /usr/bin/chromium" : "no " + DRIVER)
                    + "); install it with: apt-get install chromium chromium-driver";
            Missing.component("browser tests", "there is " + why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--no-first-run", "--disable-background-networking", "--disable-component-update");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Waits for a condition; a live page redraws while it is checked, so an element found may be replaced before it is read. */
    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Clicks what {@code target} finds, finding it again if the live page redrew it in between. */
    void click(org.openqa.selenium.By target) {
        waiting(Duration.ofSeconds(10)).until(x -> {
            x.findElement(target).click();
            return true;
        });
    }

    /** The URLs the page asked for since the last call (Chromium's performance log, Network.requestWillBeSent). */
    List<String> requests() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("\"Network.requestWillBeSent\""))
                .map(m -> m.replaceAll("(?s).*?\"request\":\\{.*?\"url\":\"([^\"]*)\".*", "$1")).toList();
    }

    /** The page's console messages since the last call (errors included), for failure messages. */
    String console() {
        return String.join("\n", driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList());
    }

    /** Saves what the browser shows as {@code target/screenshots/NAME.png}, for a person to look at. */
    Path screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path to = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(to.getParent());
        return Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
