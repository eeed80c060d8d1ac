package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.infra.TinyImageFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as the front door, in a real headless Chromium against the real services: upload a
 * data set through the data sets page (its progress bar reaches 100 % and the set is listed with
 * its sample images), see a refused value named on the new-experiment form with everything typed
 * kept, and start an experiment from the form, timing the way from the opened form to a running
 * experiment. The form's controls are found by their labels' text, as a screen reader names them.
 * Screenshots are kept in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleFormsBrowserIT {
    private static final String DATA = "shapes";
    private static Path work;
    private static LocalStack stack;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("alps-console-forms-it");
        Path root = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
        stack = LocalStack.start(StackConfig.freePorts(root, work, 1, "1200m")
                .withDataSets(StackData.register(List.of())), Duration.ofMinutes(4));
        chromium = HeadlessChromium.start(work, 1280, 800);
        browser = chromium.driver();
        browser.manage().deleteAllCookies();
        browser.get(stack.reporterUrl() + "/login");
        browser.findElement(By.id("token")).sendKeys(stack.apiToken());
        browser.findElement(By.id("login")).click();
        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#live h1")).isEmpty());
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

    private static WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(browser, d, Duration.ofMillis(100));
    }

    /** The control a label names, as assistive technology finds it: the label's {@code for}. */
    private static WebElement labelled(String label) {
        WebElement tag = browser.findElements(By.tagName("label")).stream().filter(l -> l.getText().equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no label '" + label + "' on the page"));
        WebElement control = browser.findElement(By.id(tag.getAttribute("for")));
        assertThat(control.getAccessibleName()).as("accessible name of the control labelled " + label).isEqualTo(label);
        return control;
    }

    private static void type(String label, String value) {
        WebElement input = labelled(label);
        input.clear();
        input.sendKeys(value);
    }

    private static void choose(String label, String value) {
        new Select(labelled(label)).selectByValue(value);
    }

    @Test
    @Order(1)
    void aDataSetIsUploadedThroughThePageWithItsProgressAndListed() throws Exception {
        Path folder = TinyImageFolder.write(work.resolve(DATA), 120, 20, 7);
        Path archive = work.resolve(DATA + ".zip");
        Files.write(archive, TinyImageFolder.zip(folder));
        browser.get(stack.reporterUrl() + "/console/datasets");
        assertThat(browser.findElements(By.id("ds-" + DATA))).isEmpty();
        type("Name", DATA);
        labelled("Archive").sendKeys(archive.toAbsolutePath().toString());
        // The progress bar's values as the page sets them, kept across the page's move to the list.
        browser.executeScript("const bar = document.getElementById('upload-progress');"
                + "sessionStorage.setItem('progress', '');"
                + "new MutationObserver(() => sessionStorage.setItem('progress', sessionStorage.getItem('progress') + ' '"
                + " + bar.value)).observe(bar, {attributes: true, attributeFilter: ['value']});");
        long t0 = System.nanoTime();
        browser.findElement(By.id("upload-button")).click();
        waitUpTo(Duration.ofMinutes(1)).until(d -> !d.findElements(By.id("uploaded")).isEmpty());
        double seconds = (System.nanoTime() - t0) / 1e9;
        String progress = (String) browser.executeScript("return sessionStorage.getItem('progress')");
        assertThat(progress.trim().split(" ")).as("progress values shown").contains("100");
        WebElement set = browser.findElement(By.id("ds-" + DATA));
        assertThat(set.findElement(By.cssSelector("dd.train")).getText()).isEqualTo("360");
        assertThat(set.findElement(By.cssSelector("dd.test")).getText()).isEqualTo("60");
        waitUpTo(Duration.ofSeconds(20)).until(d -> set.findElements(By.cssSelector(".samples img")).size() == 12
                && set.findElements(By.cssSelector(".samples img")).stream().allMatch(img -> Boolean.TRUE.equals(
                ((ChromeDriver) d).executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img))));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", set);
        chromium.screenshot("console-datasets");

        // A second upload of the same name is refused, the service's message next to the name.
        type("Name", DATA);
        labelled("Archive").sendKeys(archive.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("upload-name-error")).isDisplayed());
        assertThat(browser.findElement(By.id("upload-name-error")).getText()).contains("exists already");
        assertThat(labelled("Name").getAttribute("aria-describedby")).contains("upload-name-error");
        chromium.assertNoPolicyViolations("the data sets page");
        System.out.printf("data set upload through the page (%d bytes): %.1f s to the listed set; progress shown:%s%n",
                Files.size(archive), seconds, progress);
    }

    @Test
    @Order(2)
    void aRefusedValueIsNamedOnTheFormAndTheRestIsKept() throws Exception {
        browser.get(stack.reporterUrl() + "/console/experiments/new");
        choose("Kind", "lth");
        assertThat(labelled("Prune ratio").isDisplayed()).isTrue();
        choose("Data set", DATA);
        type("Initial labels", "30");
        type("Budget per round", "30");
        type("Rounds", "1");
        type("Epochs", "5000");
        type("Seed", "11");
        type("Prune ratio", "0.2");
        browser.findElement(By.id("start-experiment")).click();
        WebElement error = waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("f-epochs-error")));
        assertThat(error.getText()).isEqualTo("epochs: 5000 exceeds the limit of 200 (alps.limits.epochs)");
        assertThat(labelled("Epochs").getAttribute("aria-describedby")).contains("f-epochs-error");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus after the refusal").isEqualTo("f-epochs");
        assertThat(labelled("Epochs").getAttribute("value")).isEqualTo("5000");
        assertThat(labelled("Seed").getAttribute("value")).isEqualTo("11");
        assertThat(labelled("Prune ratio").getAttribute("value")).isEqualTo("0.2");
        assertThat(labelled("Prune ratio").isDisplayed()).isTrue();
        assertThat(new Select(labelled("Kind")).getFirstSelectedOption().getAttribute("value")).isEqualTo("lth");
        ((ChromeDriver) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", error);
        chromium.screenshot("console-form-error");
        chromium.assertNoPolicyViolations("the refused form");
    }

    @Test
    @Order(3)
    void anExperimentIsStartedFromTheFormAndRuns() throws Exception {
        long t0 = System.nanoTime();
        browser.get(stack.reporterUrl() + "/console/experiments/new");
        for (String label : List.of("Kind", "Data set", "Network", "Strategy", "Oracle", "Initial labels",
                "Budget per round", "Rounds", "Epochs", "Batch", "Seed")) {
            assertThat(labelled(label).isDisplayed()).as(label).isTrue();
        }
        assertThat(labelled("Initial labels").getAttribute("value")).isEqualTo("2000");
        choose("Kind", "dense");
        choose("Data set", DATA);
        type("Initial labels", "60");
        type("Budget per round", "60");
        type("Rounds", "1");
        type("Epochs", "2");
        type("Batch", "32");
        type("Seed", "5");
        // The cost follows what is typed: 60 + 1 x 60 labels, (60 + 120) x 2 image-epochs.
        waitUpTo(Duration.ofSeconds(10)).until(d -> "120".equals(d.findElement(By.id("cost-labels")).getText())
                && "360".equals(d.findElement(By.id("cost-image-epochs")).getText()));
        String estimate = browser.findElement(By.id("cost-time")).getText();
        assertThat(estimate).startsWith("no measurement yet");
        browser.executeScript("document.getElementById('cost').scrollIntoView({block: 'end'})");
        chromium.screenshot("console-new-experiment");
        long submitted = System.nanoTime();
        browser.findElement(By.id("start-experiment")).click();
        waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.urlMatches(".*/console/experiments/exp-[0-9a-f]+$"));
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        waitUpTo(Duration.ofMinutes(3)).until(d -> Set.of("RUNNING", "COMPLETED")
                .contains(d.findElement(By.id("status")).getText()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(stack.reporter().experiment(id).path("spec").path("data").asText()).isEqualTo(DATA);
        chromium.assertNoPolicyViolations("the form and the experiment page");
        System.out.printf("new experiment form: %.1f s from opening the form to experiment %s shown %s (%.1f s of it "
                + "from the click on Start to that status)%n", seconds, id, browser.findElement(By.id("status")).getText(),
                (System.nanoTime() - submitted) / 1e9);

        // Once its rounds are done, the form estimates the time from the speed measured on them.
        waitUpTo(Duration.ofMinutes(4)).until(d -> "COMPLETED".equals(d.findElement(By.id("status")).getText()));
        browser.get(stack.reporterUrl() + "/console/experiments/new?from=" + id);
        assertThat(labelled("Seed").getAttribute("value")).isEqualTo("5");
        assertThat(new Select(labelled("Data set")).getFirstSelectedOption().getAttribute("value")).isEqualTo(DATA);
        String measured = browser.findElement(By.id("cost-time")).getText();
        assertThat(measured).startsWith("about ").contains("images/s measured");
        System.out.printf("run again from %s: estimate '%s'%n", id, measured);

        // A narrow window: the form stays one column, nothing needs scrolling sideways.
        browser.manage().window().setSize(new Dimension(420, 800));
        browser.navigate().refresh();
        Number overflow = (Number) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).as("sideways overflow at 420 px").isLessThanOrEqualTo(0);
        chromium.screenshot("console-new-experiment-narrow");
        browser.manage().window().setSize(new Dimension(1280, 800));
    }
}
