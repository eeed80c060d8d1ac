package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alps.infra.TinyFashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Following experiments in the console, in a real headless Chromium against the real services:
 * the running round's epoch moves on the experiment's page while it trains, the Cancel button
 * (after its confirmation) stops it and the page shows CANCELLED, and two finished experiments
 * ticked on the list are compared on one chart whose legend names the field they differ in. At
 * 1280x800 and in a narrow window nothing runs off the side. The browser reports no
 * Content-Security-Policy violation. Screenshots are kept in {@code target/screenshots}.
 */
class ConsoleWatchBrowserIT {
    private static final String DATA = "tiny-fashion";
    private static LocalStack stack;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("alps-console-watch-it");
        Path data = TinyFashionMnist.write(work.resolve(DATA), 400, 100, 5);
        Path root = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
        stack = LocalStack.start(StackConfig.freePorts(root, work, 1, "1200m")
                .withDataSets(StackData.register(List.of(data))), Duration.ofMinutes(4));
        chromium = HeadlessChromium.start(work, 1280, 800);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** The whole page at 1280 px wide, however long it is (the documentation's pictures). */
    private static void screenshotWhole(String name) throws Exception {
        long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(3000, height + 160)));
        chromium.screenshot(name);
        browser.manage().window().setSize(new Dimension(1280, 800));
    }

    private static void logIn() {
        browser.manage().deleteAllCookies();
        browser.get(stack.reporterUrl() + "/login");
        browser.findElement(By.id("token")).sendKeys(stack.apiToken());
        browser.findElement(By.id("login")).click();
        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#live h1")).isEmpty());
    }

    private static WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(browser, d, Duration.ofMillis(200));
    }

    /** At this window size the page is no wider than the window (nothing to scroll sideways). */
    private static void assertFitsAt(int width, int height, String page) {
        browser.manage().window().setSize(new Dimension(width, height));
        Object overflow = browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        // What sticks out, named, for the failure message: the outermost elements past the window's right edge.
        Object past = browser.executeScript("return Array.from(document.querySelectorAll('body *')).filter(e => "
                + "e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && "
                + "e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 5).map(e => "
                + "e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        assertThat(((Number) overflow).intValue()).as(page + " at " + width + "x" + height + ": pixels past the window's side "
                + past).isLessThanOrEqualTo(0);
    }

    @Test
    void theRunningRoundsEpochMovesOnThePageAndCancellingStopsIt() throws Exception {
        // Many epochs on a small set: long enough to see several epochs go by, each one quick.
        String id = stack.reporter().submit("{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"" + DATA + "\","
                + "\"seed\":11,\"initial\":380,\"budget\":20,\"rounds\":1,\"epochs\":200,\"batch\":32,\"trainLimit\":400,"
                + "\"testLimit\":100}");
        logIn();
        browser.get(stack.reporterUrl() + "/console/experiments/" + id);
        WebElement progress = browser.findElement(By.id("progress"));
        String first = waitUpTo(Duration.ofMinutes(3)).until(d -> "training".equals(progress.getAttribute("data-phase"))
                ? progress.getAttribute("data-at") : null);
        long t0 = System.nanoTime();
        // The page moves on by itself: a later epoch of the same round is shown without a reload.
        String later = waitUpTo(Duration.ofMinutes(2)).until(d -> {
            String at = progress.getAttribute("data-at");
            return at != null && !at.equals(first) && "training".equals(progress.getAttribute("data-phase")) ? at : null;
        });
        double moved = (System.nanoTime() - t0) / 1e9;
        assertThat(epochOf(later)).isGreaterThan(epochOf(first));
        assertThat(browser.findElement(By.id("progress-epoch")).getText()).matches("\\d+ of 200");
        assertThat(browser.findElement(By.id("progress-speed")).getText()).matches("\\d+");
        assertThat(browser.findElement(By.id("progress-round-left")).getText()).matches("\\d+ (s|min \\d+ s|h \\d+ min)");
        assertThat(browser.findElement(By.cssSelector("#spec")).getText()).contains("epochs 200");
        assertThat(browser.findElement(By.id("run-again")).getAttribute("href")).endsWith("/console/experiments/new?from=" + id);
        chromium.screenshot("console-experiment");
        screenshotWhole("console-experiment-whole");
        assertFitsAt(420, 800, "the experiment page");
        chromium.screenshot("console-experiment-narrow");
        browser.manage().window().setSize(new Dimension(1280, 800));

        browser.findElement(By.id("cancel")).click();
        var confirm = waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Cancel experiment " + id);
        long c0 = System.nanoTime();
        confirm.accept();
        waitUpTo(Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> "CANCELLED".equals(d.findElement(By.id("status")).getText()));
        double shown = (System.nanoTime() - c0) / 1e9;
        assertThat(browser.findElements(By.id("cancel-form"))).allSatisfy(f -> assertThat(f.isDisplayed()).isFalse());
        JsonNode view = stack.reporter().experiment(id);
        assertThat(view.path("status").asText()).isEqualTo("CANCELLED");
        chromium.assertNoPolicyViolations("the experiment page");
        System.out.printf("progress: epoch %s -> %s shown on the page %.1f s apart; cancel confirmed -> CANCELLED shown in %.2f s%n",
                first, later, moved, shown);
    }

    private static int epochOf(String at) {
        return Integer.parseInt(at.substring(at.indexOf(':') + 1));
    }

    @Test
    void twoFinishedExperimentsTickedOnTheListAreComparedOnOneChart() throws Exception {
        String spec = "{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"" + DATA + "\",\"seed\":3,"
                + "\"initial\":100,\"budget\":100,\"rounds\":2,\"epochs\":2,\"batch\":32,\"trainLimit\":400,\"testLimit\":100,"
                + "\"strategy\":\"%s\"}";
        String a = stack.reporter().submit(String.format(spec, "least-confidence"));
        String b = stack.reporter().submit(String.format(spec, "random"));
        for (String id : List.of(a, b)) {
            assertThat(stack.reporter().await(id, Duration.ofMinutes(5), v -> { }).path("status").asText())
                    .isEqualTo("COMPLETED");
        }
        logIn();
        browser.get(stack.reporterUrl() + "/?status=COMPLETED");
        for (String id : List.of(a, b)) {
            browser.findElement(By.id("pick-" + id)).click();
        }
        chromium.screenshot("console-list");
        browser.findElement(By.id("compare")).click();
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/console/compare"));
        List<WebElement> curves = browser.findElements(By.cssSelector("#compare-chart polyline"));
        assertThat(curves).hasSize(2);
        for (WebElement c : curves) {
            assertThat(c.getAttribute("points").split(" ")).as("one point per trained round").hasSize(3);
        }
        List<String> legend = browser.findElements(By.cssSelector("#legend .legend-name")).stream()
                .map(WebElement::getText).toList();
        assertThat(legend).containsExactlyInAnyOrder("strategy=least-confidence", "strategy=random");
        assertThat(browser.findElement(By.id("differing")).getText()).contains("strategy");
        assertThat(browser.findElements(By.cssSelector("#compared tbody tr"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("#compared tr[data-id='" + a + "']")).getText()).contains("300", "COMPLETED");
        chromium.screenshot("console-compare");
        screenshotWhole("console-compare-whole");
        assertFitsAt(420, 800, "the compare page");
        chromium.screenshot("console-compare-narrow");
        browser.manage().window().setSize(new Dimension(1280, 800));

        // A finished experiment's page offers its final network and labels for download.
        browser.get(stack.reporterUrl() + "/console/experiments/" + a);
        waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#artifacts-final a")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#artifacts-final a")).stream().map(WebElement::getText).toList())
                .containsExactlyInAnyOrder("final_model.zip", "final_model.onnx");
        assertThat(browser.findElements(By.cssSelector("#artifacts-labels a")).stream().map(WebElement::getText).toList())
                .contains("labels.csv");
        assertThat(browser.findElement(By.id("progress")).isDisplayed()).isFalse();
        chromium.screenshot("console-experiment-completed");
        chromium.assertNoPolicyViolations("the list, compare and experiment pages");
        System.out.printf("compare: %s vs %s, legend %s%n", a, b, legend);
    }
}
