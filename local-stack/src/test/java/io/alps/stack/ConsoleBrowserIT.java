package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.spec.ExperimentSpec;
import io.alps.infra.TinyFashionMnist;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.Dataset;
import io.alps.ml.data.DatasetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the real services: log in, open an experiment
 * labelled by people, label each round's 100 images through the page with the keyboard, and see
 * the experiment go on and its chart gain a point per round. Screenshots are kept in
 * {@code target/screenshots}.
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DATA = "tiny-fashion";
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static Path work;
    private static LocalStack stack;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (.ci/run installs it)").isExecutable();
        work = Files.createTempDirectory("alps-console-it");
        Path data = TinyFashionMnist.write(work.resolve(DATA), 400, 100, 5);
        Path root = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
        stack = LocalStack.start(StackConfig.freePorts(root, work, 1, "1200m")
                .withDataSets(StackData.register(List.of(data))), Duration.ofMinutes(4));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(browser, d, Duration.ofMillis(200));
    }

    @Test
    void aPersonLogsInLabelsEachRoundWithTheKeyboardAndWatchesTheExperimentGoOn() throws Exception {
        String spec = "{\"kind\":\"dense\",\"oracle\":\"human\",\"dataset\":\"fashion-mnist\",\"data\":\"" + DATA + "\","
                + "\"seed\":5,\"initial\":100,\"budget\":100,\"rounds\":1,\"epochs\":2,\"batch\":32,\"trainLimit\":400,"
                + "\"testLimit\":100}";
        String id = stack.reporter().submit(spec);
        // The person knows the true classes; the experiment does not.
        Dataset train = new DatasetLoader().load(DataRequest.of(ExperimentSpec.fromJson(spec),
                stack.config().dataFolder(DATA))).train();

        browser.get(stack.reporterUrl() + "/");
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        screenshot("login");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("login")).click();
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("not one this service accepts");
        browser.findElement(By.id("token")).sendKeys(stack.apiToken());
        browser.findElement(By.id("login")).click();
        // The list refreshes itself; the experiment's row offers labelling once its round 0 waits for people.
        String labelPage = waitUpTo(Duration.ofMinutes(2)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("tr[data-id='" + id + "'] a.label-link")).getAttribute("href"));
        assertThat(browser.findElement(By.cssSelector("tr[data-id='" + id + "'] .status")).getText())
                .isEqualTo("AWAITING_LABELS");
        screenshot("console");

        browser.get(labelPage);
        double round0 = labelTheRound(train, 0, true);
        browser.get(stack.reporterUrl() + "/console/experiments/" + id);
        waitUpTo(Duration.ofMinutes(3)).until(d -> "1".equals(d.findElement(By.id("experiment")).getAttribute("data-points")));
        waitUpTo(Duration.ofMinutes(2)).until(d -> d.findElement(By.id("label-link")).isDisplayed());
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("AWAITING_LABELS");

        browser.findElement(By.id("label-link")).click();
        double round1 = labelTheRound(train, 1, false);
        browser.get(stack.reporterUrl() + "/console/experiments/" + id);
        waitUpTo(Duration.ofMinutes(3)).until(d -> "COMPLETED".equals(d.findElement(By.id("status")).getText()));
        waitUpTo(Duration.ofSeconds(10)).until(d -> "2".equals(d.findElement(By.id("experiment")).getAttribute("data-points")));
        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#artifacts li")).isEmpty());
        screenshot("experiment");
        System.out.printf("labelling a 100-image round through the page: %.1f s (round 0), %.1f s (round 1)%n",
                round0, round1);
        String labels = stack.reporter().experiment(id).path("rounds").toString();
        assertThat(labels).contains("\"labeled\":200");
    }

    /**
     * Labels every open query of {@code round} with the number keys (the class beyond 9 by its
     * button), takes one label back with Backspace and gives it again, and submits; returns the
     * seconds from the grid's appearance to the answer being kept.
     */
    private static double labelTheRound(Dataset train, int round, boolean shoot) throws Exception {
        waitUpTo(Duration.ofMinutes(2)).until(d -> String.valueOf(round).equals(d.findElement(By.id("round")).getText())
                && d.findElements(By.cssSelector("#grid .tile")).size() == 100);
        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#grid .tile img")).stream()
                .allMatch(img -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth > 0", img))));
        if (shoot) {
            screenshot("labelling");
        }
        long t0 = System.nanoTime();
        List<WebElement> tiles = browser.findElements(By.cssSelector("#grid .tile"));
        for (int i = 0; i < tiles.size(); i++) {
            WebElement current = browser.findElement(By.cssSelector("#grid .tile.current"));
            int sample = Integer.parseInt(current.getAttribute("data-sample"));
            press(train.label(sample));
            if (i == 9) {
                assertThat(browser.findElement(By.id("progress")).getText()).isEqualTo("10 of 100");
                new Actions(browser).sendKeys(Keys.BACK_SPACE).perform();
                assertThat(browser.findElement(By.id("progress")).getText()).as("after undo").isEqualTo("9 of 100");
                assertThat(browser.findElement(By.cssSelector("#grid .tile.current")).getAttribute("data-sample"))
                        .isEqualTo(String.valueOf(sample));
                press(train.label(sample));
            }
        }
        assertThat(browser.findElement(By.id("progress")).getText()).isEqualTo("100 of 100");
        if (shoot) {
            screenshot("labelled");
        }
        browser.findElement(By.id("submit")).click();
        waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("message")).getText().startsWith("Thank you"));
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void press(int label) {
        if (label < 9) {
            new Actions(browser).sendKeys(String.valueOf(label + 1)).perform();
        } else {
            browser.findElement(By.cssSelector("#classes button[data-index='" + label + "']")).click();
        }
    }
}
