package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven by its chromedriver for the console's browser tests: a fresh
 * profile in the test's work folder, the browser's console log kept (where Chromium reports what
 * the Content-Security-Policy blocked), screenshots written to {@link #SHOTS}.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path SHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A browser whose window is {@code width} x {@code height}, with its profile under {@code work}. */
    static HeadlessChromium start(Path work, int width, int height) throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (.ci/run installs it)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
        Files.createDirectories(SHOTS);
        return new HeadlessChromium(new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The window as it is now, as {@code target/screenshots/<name>.png}. */
    void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Fails on any Content-Security-Policy report in the browser's log since the last call. */
    void assertNoPolicyViolations(String page) {
        List<String> blocked = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy")).toList();
        assertThat(blocked).as("what the policy blocked on " + page).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
