package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.spec.ExperimentSpec;
import io.alps.infra.TinyFashionMnist;
import io.alps.infra.TinyImageFolder;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.Dataset;
import io.alps.ml.data.DatasetLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the real services: log in, open an experiment
 * labelled by people, label each round's 100 images through the page with the keyboard, and see
 * the experiment go on and its chart gain a point per round; a class named like markup shows as
 * text; a cookie from an earlier start gets the login page. The browser reports no
 * Content-Security-Policy violation on any page. Screenshots are kept in {@code target/screenshots}.
 */
class ConsoleBrowserIT {
    private static final String DATA = "tiny-fashion";
    private static Path work;
    private static LocalStack stack;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("alps-console-it");
        Path data = TinyFashionMnist.write(work.resolve(DATA), 400, 100, 5);
        Path root = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
        stack = LocalStack.start(StackConfig.freePorts(root, work, 1, "1200m")
                .withDataSets(StackData.register(List.of(data))), Duration.ofMinutes(4));
        chromium = HeadlessChromium.start(work, 1400, 1000);
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

    /** Logs in through the login page with a fresh browser state. */
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

    @Test
    void aClassNamedLikeMarkupIsShownAsTextOnTheLabellingPage() throws Exception {
        String markup = "<img src=x onerror=document.title='XSS'>";
        Path folder = TinyImageFolder.write(work.resolve("xss-classes"), 8, 2, 3);
        for (String part : List.of("train", "test")) {
            Files.move(folder.resolve(part).resolve("star"), folder.resolve(part).resolve(markup));
        }
        long t0 = System.nanoTime();
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.reporterUrl() + "/datasets?name=xss-classes"))
                .header("Authorization", "Bearer " + stack.apiToken()).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TinyImageFolder.zip(folder))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.body()).contains("onerror");
        String id = stack.reporter().submit("{\"kind\":\"dense\",\"oracle\":\"human\",\"dataset\":\"folder\","
                + "\"data\":\"xss-classes\",\"seed\":3,\"initial\":6,\"budget\":3,\"rounds\":1,\"epochs\":1,\"batch\":8}");
        logIn();
        browser.get(stack.reporterUrl() + "/console/experiments/" + id + "/label");
        String title = browser.getTitle();
        assertThat(title).isEqualTo("ALPS: label " + id);
        // The positive signal first: the grid's images loaded, after the class buttons were built.
        waitUpTo(Duration.ofMinutes(2)).until(d -> d.findElements(By.cssSelector("#grid .tile")).size() == 6
                && d.findElements(By.cssSelector("#grid .tile img")).stream().allMatch(img -> Boolean.TRUE.equals(
                ((ChromeDriver) d).executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img))));
        double seconds = (System.nanoTime() - t0) / 1e9;
        // The highlighted sample is shown large: its original (the 24x24 file as stored); V switches to
        // the network's 32x32 input, enlarged as blocks, and back.
        WebElement large = browser.findElement(By.id("original"));
        waitUpTo(Duration.ofSeconds(20)).until(d -> loadedAtWidth(large, 24));
        assertThat(large.getAttribute("src")).endsWith("/original");
        assertThat(large.getAttribute("class")).doesNotContain("pixelated");
        new Actions(browser).sendKeys("v").perform();
        waitUpTo(Duration.ofSeconds(20)).until(d -> loadedAtWidth(large, 32));
        assertThat(large.getAttribute("class")).contains("pixelated");
        assertThat(browser.findElement(By.id("view")).getAttribute("aria-pressed")).isEqualTo("true");
        new Actions(browser).sendKeys("v").perform();
        waitUpTo(Duration.ofSeconds(20)).until(d -> loadedAtWidth(large, 24));
        List<String> buttons = browser.findElements(By.cssSelector("#classes button")).stream().map(WebElement::getText)
                .toList();
        assertThat(buttons).hasSize(3)
                .anySatisfy(text -> assertThat(text).matches("\\d " + java.util.regex.Pattern.quote(markup)));
        assertThat(browser.findElements(By.cssSelector("#classes img"))).as("markup in a class name made no element").isEmpty();
        assertThat(browser.getTitle()).isEqualTo(title);
        chromium.screenshot("label-markup-class");
        chromium.assertNoPolicyViolations("the labelling page");
        System.out.printf("class named like markup: upload to labelling page with its images %.1f s; button text '%s',"
                + " title '%s'%n", seconds, buttons.stream().filter(b -> b.endsWith(markup)).findFirst().orElseThrow(), browser.getTitle());
    }

    @Test
    void aCookieFromAnEarlierStartGetsTheLoginPageAndLoggingInThenWorks() throws Exception {
        String stale = "session-of-an-earlier-start";
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.reporterUrl() + "/login")).header("Cookie", "alps_session=" + stale).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie")).get().asString().startsWith("alps_session=;");

        browser.manage().deleteAllCookies();
        browser.get(stack.reporterUrl() + "/login");
        browser.manage().addCookie(new Cookie("alps_session", stale, "/"));
        long t0 = System.nanoTime();
        browser.get(stack.reporterUrl() + "/");
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        assertThat(browser.findElement(By.id("token")).isDisplayed()).isTrue();
        double shown = (System.nanoTime() - t0) / 1e9;
        assertThat(browser.manage().getCookieNamed("alps_session")).as("the stale cookie is dropped").isNull();
        chromium.screenshot("stale-cookie-login");
        browser.findElement(By.id("token")).sendKeys(stack.apiToken());
        browser.findElement(By.id("login")).click();
        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#live h1")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#live h1")).getText()).isEqualTo("Experiments");
        assertThat(browser.manage().getCookieNamed("alps_session").getValue()).isNotEqualTo(stack.apiToken());
        assertThat(browser.manage().getCookieNamed("alps_session").isHttpOnly()).isTrue();
        System.out.printf("stale cookie: login page shown %.2f s after asking for /; logging in then worked%n", shown);
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

        browser.manage().deleteAllCookies();
        browser.get(stack.reporterUrl() + "/");
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        chromium.screenshot("login");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("login")).click();
        // The refused login answers with a new page: wait for its error rather than find it on the old one.
        assertThat(waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")))
                .getText()).contains("not one this service accepts");
        browser.findElement(By.id("token")).sendKeys(stack.apiToken());
        browser.findElement(By.id("login")).click();
        // The list refreshes itself; the experiment's row offers labelling once its round 0 waits for people.
        String labelPage = waitUpTo(Duration.ofMinutes(2)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("tr[data-id='" + id + "'] a.label-link")).getAttribute("href"));
        assertThat(browser.findElement(By.cssSelector("tr[data-id='" + id + "'] .status")).getText())
                .isEqualTo("AWAITING_LABELS");
        chromium.screenshot("console");

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
        chromium.screenshot("experiment");
        chromium.assertNoPolicyViolations("the console's pages and Chart.js");
        System.out.printf("labelling a 100-image round through the page: %.1f s (round 0), %.1f s (round 1)%n",
                round0, round1);
        String labels = stack.reporter().experiment(id).path("rounds").toString();
        assertThat(labels).contains("\"labeled\":200");
        // The local stack turns the per-experiment series on for its own Prometheus and dashboards.
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.reporterUrl() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("alps_round_test_accuracy{experiment=\"" + id + "\"");
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
            // Fashion-MNIST has no files: the large view is the network's input, enlarged as blocks, with no switch.
            WebElement large = browser.findElement(By.id("original"));
            waitUpTo(Duration.ofSeconds(20)).until(d -> loadedAtWidth(large, 32));
            assertThat(large.getAttribute("src")).endsWith(".png");
            assertThat(large.getAttribute("class")).contains("pixelated");
            assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
            chromium.screenshot("labelling");
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
            chromium.screenshot("labelled");
        }
        browser.findElement(By.id("submit")).click();
        waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("message")).getText().startsWith("Thank you"));
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Whether {@code img} has loaded a picture {@code width} pixels wide. */
    private static boolean loadedAtWidth(WebElement img, int width) {
        return Boolean.TRUE.equals(browser.executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth === arguments[1]", img, width));
    }

    private static void press(int label) {
        if (label < 9) {
            new Actions(browser).sendKeys(String.valueOf(label + 1)).perform();
        } else {
            browser.findElement(By.cssSelector("#classes button[data-index='" + label + "']")).click();
        }
    }
}
