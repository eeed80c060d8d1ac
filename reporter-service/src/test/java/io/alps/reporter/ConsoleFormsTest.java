package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.OptionHelp;
import io.alps.infra.LocalInfraResource;
import io.alps.infra.TinyImageFolder;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's new-experiment form and data sets page as the server renders them: defaults and the
 * command line's help filled in, a refused field named next to it with everything typed kept, a
 * read-only login refused, a submit that starts an experiment, and an uploaded data set listed with
 * its counts and sample images.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ConsoleFormsTest {
    private static final String WRITE = "test-write-token";
    private static final String READ_ONLY = "test-read-token";
    private static final String SESSION = "alps_session";
    private static final String DATA = "form-shapes";
    private static boolean uploaded;

    @Inject
    ExperimentStore store;

    @BeforeAll
    static void noState() {
        uploaded = false;
    }

    /** A data set to choose: 6 training and 2 test images in each of 3 classes, plus 4 unlabelled ones. */
    private static synchronized void uploadOnce() throws Exception {
        if (uploaded) {
            return;
        }
        Path tree = TinyImageFolder.write(Files.createTempDirectory("form").resolve("shapes"), 6, 2, 1);
        Files.createDirectories(tree.resolve("unlabeled"));
        try (var pngs = Files.list(tree.resolve("train").resolve("circle"))) {
            int[] n = {0};
            pngs.limit(4).forEach(p -> copy(p, tree.resolve("unlabeled").resolve("u" + n[0]++ + ".png")));
        }
        given().auth().oauth2(WRITE).contentType("application/zip").body(TinyImageFolder.zip(tree))
                .post("/datasets?name=" + DATA).then().statusCode(201);
        uploaded = true;
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Document page(String session, String path) {
        Response r = given().cookie(SESSION, session).get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Jsoup.parse(r.asString());
    }

    /** The form's values as a browser posts them, from the page shown. */
    private static Map<String, String> formValues(Document form) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("#experiment-form input[name]")) {
            values.put(input.attr("name"), input.attr("value"));
        }
        for (Element select : form.select("#experiment-form select[name]")) {
            Element chosen = select.selectFirst("option[selected]");
            if (chosen != null) {
                values.put(select.attr("name"), chosen.attr("value"));
            } else if (!select.hasAttr("multiple")) {
                values.put(select.attr("name"), select.select("option").first().attr("value"));
            }
        }
        return values;
    }

    private static Response post(String session, Map<String, String> values) {
        return given().redirects().follow(false).cookie(SESSION, session).header("Sec-Fetch-Site", "same-origin")
                .contentType(ContentType.URLENC).formParams(values).post("/console/experiments/new");
    }

    @Test
    void theFormShowsTheSpecsDefaultsTheCommandLinesHelpAndTheRegistriesChoices() throws Exception {
        uploadOnce();
        Document form = page(ConsolePagesTest.logIn(WRITE), "/console/experiments/new");
        ExperimentSpec defaults = ExperimentSpec.defaults(ExperimentSpec.DEFAULT_KIND);
        Map<String, String> expected = Map.of("Kind", "kind", "Data set", "data", "Network", "architecture",
                "Strategy", "strategy", "Oracle", "oracle", "Initial labels", "initial", "Budget per round", "budget",
                "Rounds", "rounds", "Epochs", "epochs", "Batch", "batch");
        expected.forEach((label, name) -> {
            Element control = form.selectFirst("[name=" + name + "]");
            assertThat(control).as(name).isNotNull();
            assertThat(form.selectFirst("label[for=" + control.id() + "]").text()).isEqualTo(label);
            assertThat(control.attr("aria-describedby")).contains(control.id() + "-help");
        });
        assertThat(form.selectFirst("label[for=f-seed]").text()).isEqualTo("Seed");
        assertThat(form.selectFirst("#f-initial").attr("value")).isEqualTo(String.valueOf(defaults.initial()));
        assertThat(form.selectFirst("#f-budget").attr("value")).isEqualTo(String.valueOf(defaults.budget()));
        assertThat(form.selectFirst("#f-epochs").attr("value")).isEqualTo(String.valueOf(defaults.epochs()));
        assertThat(form.selectFirst("#f-initial-help").text()).isEqualTo(OptionHelp.INITIAL);
        assertThat(form.selectFirst("#f-pruneRatio-help").text()).isEqualTo(OptionHelp.PRUNE_RATIO);
        assertThat(form.select("#f-kind option").eachAttr("value")).containsExactlyElementsOf(Kinds.names());
        assertThat(form.select("#f-architecture option").eachAttr("value")).contains("lenet5", "resnet18");
        assertThat(form.select("#f-data option").eachAttr("value")).contains(DATA);
        // The dense kind's form hides the other kinds' own fields, which carry their defaults.
        assertThat(form.selectFirst("#f-k").parent().hasAttr("hidden")).isTrue();
        assertThat(form.selectFirst("#f-k").attr("value")).isEqualTo("0.5");
        assertThat(form.selectFirst("#f-pruneRatio").parent().attr("data-kind")).isEqualTo("lth");
        assertThat(form.selectFirst("#cost-labels").text()).isEqualTo(String.format("%,d",
                defaults.initial() + (long) defaults.rounds() * defaults.budget()));
        Document lth = page(ConsolePagesTest.logIn(WRITE), "/console/experiments/new?kind=lth");
        assertThat(lth.selectFirst("#f-pruneRatio").parent().hasAttr("hidden")).isFalse();
        assertThat(lth.selectFirst("#f-k").parent().hasAttr("hidden")).isTrue();
    }

    @Test
    void aRefusedFieldIsNamedNextToItWithTheServersMessageAndEverythingTypedIsKept() throws Exception {
        uploadOnce();
        String session = ConsolePagesTest.logIn(WRITE);
        Map<String, String> values = formValues(page(session, "/console/experiments/new?kind=lth"));
        values.putAll(Map.of("data", DATA, "initial", "6", "budget", "3", "rounds", "1", "epochs", "500",
                "seed", "77", "pruneRatio", "0.3", "rewind", "random", "strategy", "entropy"));
        Response refused = post(session, values);
        assertThat(refused.statusCode()).isEqualTo(400);
        Document form = Jsoup.parse(refused.asString());
        assertThat(form.selectFirst("#f-epochs-error").text())
                .isEqualTo("epochs: 500 exceeds the limit of 200 (alps.limits.epochs)");
        assertThat(form.selectFirst("#f-epochs").attr("aria-describedby")).contains("f-epochs-error");
        assertThat(form.selectFirst("#f-epochs").attr("aria-invalid")).isEqualTo("true");
        assertThat(form.selectFirst("#f-epochs").attr("value")).isEqualTo("500");
        assertThat(form.selectFirst("#f-seed").attr("value")).isEqualTo("77");
        assertThat(form.selectFirst("#f-pruneRatio").attr("value")).isEqualTo("0.3");
        assertThat(form.selectFirst("#f-rewind").attr("value")).isEqualTo("random");
        assertThat(form.selectFirst("#f-kind option[selected]").attr("value")).isEqualTo("lth");
        assertThat(form.selectFirst("#f-strategy option[selected]").attr("value")).isEqualTo("entropy");
        assertThat(form.selectFirst("#f-data option[selected]").attr("value")).isEqualTo(DATA);
        assertThat(form.select(".field-error")).hasSize(1);

        // Markup typed into a field comes back as text, refused by the spec's own check.
        values.put("epochs", "1");
        values.put("rewind", "<b>x</b>");
        Response markup = post(session, values);
        assertThat(markup.statusCode()).isEqualTo(400);
        assertThat(markup.asString()).doesNotContain("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;");
        assertThat(Jsoup.parse(markup.asString()).selectFirst("#f-rewind-error").text()).startsWith("rewind: unknown '<b>x</b>'");
    }

    @Test
    void aSubmittedFormStartsTheExperimentAndItsSpecFillsTheFormAgain() throws Exception {
        uploadOnce();
        String session = ConsolePagesTest.logIn(WRITE);
        Map<String, String> values = formValues(page(session, "/console/experiments/new?kind=edge-popup"));
        values.putAll(Map.of("data", DATA, "initial", "6", "budget", "3", "rounds", "1", "epochs", "1", "batch", "8",
                "seed", "41", "k", "0.3"));
        Response accepted = post(session, values);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(303);
        String location = accepted.header("Location");
        assertThat(location).matches(".*/console/experiments/exp-[0-9a-f]+$");
        String id = location.substring(location.lastIndexOf('/') + 1);
        ExperimentSpec spec = store.spec(StorageKeys.spec(id));
        assertThat(spec.kind()).isEqualTo("edge-popup");
        assertThat(spec.data()).isEqualTo(DATA);
        assertThat(spec.dataset()).isEqualTo("folder");
        assertThat(spec.seed()).isEqualTo(41L);
        assertThat(spec.options(io.alps.api.kind.popup.EdgePopupOptions.class).k()).isEqualTo(0.3);

        // The same form posted twice (a double click) starts one experiment.
        Response again = post(session, values);
        assertThat(again.header("Location")).isEqualTo(location);

        Document runAgain = page(session, "/console/experiments/new?from=" + id);
        assertThat(runAgain.selectFirst("input[name=from]").attr("value")).isEqualTo(id);
        assertThat(runAgain.selectFirst("#f-kind option[selected]").attr("value")).isEqualTo("edge-popup");
        assertThat(runAgain.selectFirst("#f-seed").attr("value")).isEqualTo("41");
        assertThat(runAgain.selectFirst("#f-k").attr("value")).isEqualTo("0.3");
        assertThat(runAgain.selectFirst("#f-k").parent().hasAttr("hidden")).isFalse();
        given().cookie(SESSION, session).get("/console/experiments/new?from=exp-nosuch").then().statusCode(404);
    }

    @Test
    void anUploadedNetworkTheImageSizeAndAFrozenBackboneAreChosenOnTheFormAndFillItAgain() throws Exception {
        uploadOnce();
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("configuration.json"));
            out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        given().auth().oauth2(WRITE).contentType("application/octet-stream").body(zip.toByteArray())
                .post("/models?name=form-backbone").then().statusCode(201);
        String session = ConsolePagesTest.logIn(WRITE);
        Document form = page(session, "/console/experiments/new");
        assertThat(form.selectFirst("label[for=f-initFrom]").text()).isEqualTo("Start from");
        assertThat(form.selectFirst("label[for=f-imageSize]").text()).isEqualTo("Image size");
        assertThat(form.selectFirst("label[for=f-freezeBackbone]").text()).isEqualTo("Freeze backbone");
        assertThat(form.selectFirst("#f-initFrom-help").text()).isEqualTo(OptionHelp.INIT_FROM);
        assertThat(form.selectFirst("#f-imageSize").attr("value")).isEqualTo(String.valueOf(ExperimentSpec.DEFAULT_IMAGE_SIZE));
        assertThat(form.select("#f-initFrom option").eachAttr("value")).containsExactly("", "form-backbone");

        Map<String, String> values = formValues(form);
        values.putAll(Map.of("data", DATA, "initial", "6", "budget", "3", "rounds", "1", "epochs", "1", "seed", "43",
                "imageSize", "48", "initFrom", "form-backbone", "freezeBackbone", "true"));
        Response accepted = post(session, values);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(303);
        String location = accepted.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        ExperimentSpec spec = store.spec(StorageKeys.spec(id));
        assertThat(spec.initFrom()).isEqualTo("form-backbone");
        assertThat(spec.imageSide()).isEqualTo(48);
        assertThat(spec.backboneFrozen()).isTrue();

        Document runAgain = page(session, "/console/experiments/new?from=" + id);
        assertThat(runAgain.selectFirst("#f-initFrom option[selected]").attr("value")).isEqualTo("form-backbone");
        assertThat(runAgain.selectFirst("#f-imageSize").attr("value")).isEqualTo("48");
        assertThat(runAgain.selectFirst("#f-freezeBackbone option[selected]").attr("value")).isEqualTo("true");
    }

    @Test
    void aReadOnlyLoginIsToldItMayNotStartOrDeleteAndNothingHappens() throws Exception {
        uploadOnce();
        String session = ConsolePagesTest.logIn(READ_ONLY);
        Document form = page(session, "/console/experiments/new");
        assertThat(form.selectFirst("#read-only").text()).contains("may only read");
        assertThat(form.selectFirst("#start-experiment").hasAttr("disabled")).isTrue();
        Map<String, String> values = formValues(form);
        values.putAll(Map.of("data", DATA, "initial", "6", "budget", "3", "rounds", "1", "epochs", "1", "seed", "9"));
        Response refused = post(session, values);
        assertThat(refused.statusCode()).isEqualTo(403);
        Document shown = Jsoup.parse(refused.asString());
        assertThat(shown.selectFirst("#form-errors").text()).contains("may only read");
        assertThat(shown.selectFirst("#f-seed").attr("value")).isEqualTo("9");

        Document datasets = page(session, "/console/datasets");
        assertThat(datasets.select("#ds-" + DATA)).hasSize(1);
        assertThat(datasets.select("#ds-" + DATA + " form.delete")).isEmpty();
        assertThat(datasets.selectFirst("#read-only").text()).contains("may only read");
        given().redirects().follow(false).cookie(SESSION, session).header("Sec-Fetch-Site", "same-origin")
                .post("/console/datasets/" + DATA + "/delete").then().statusCode(403);
        given().auth().oauth2(WRITE).get("/datasets").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItem(DATA));
    }

    @Test
    void theSweepFormTakesSeveralValuesPerAxisAndStartsOneExperimentPerCombination() throws Exception {
        uploadOnce();
        String session = ConsolePagesTest.logIn(WRITE);
        Document form = page(session, "/console/sweeps/new");
        assertThat(form.selectFirst("h1").text()).isEqualTo("New sweep");
        assertThat(form.selectFirst("#f-strategy").hasAttr("multiple")).isTrue();
        assertThat(form.selectFirst("#f-seed").attr("type")).isEqualTo("text");
        assertThat(form.selectFirst("label[for=f-controls]").text()).isEqualTo("Controls");
        assertThat(form.select("#f-controls option").eachAttr("value")).contains("random-sampling", "dense");
        assertThat(form.selectFirst("#f-controls-help").text()).startsWith(OptionHelp.CONTROLS);
        Map<String, String> values = formValues(form);
        values.putAll(Map.of("data", DATA, "initial", "6", "budget", "3", "rounds", "1", "epochs", "500",
                "seed", "1, 2"));
        io.restassured.specification.RequestSpecification request = given().redirects().follow(false)
                .cookie(SESSION, session).header("Sec-Fetch-Site", "same-origin").contentType(ContentType.URLENC)
                .formParams(values).formParam("strategy", "entropy").formParam("controls", "random-sampling");
        Response refused = request.post("/console/sweeps/new");
        assertThat(refused.statusCode()).isEqualTo(400);
        Document shown = Jsoup.parse(refused.asString());
        assertThat(shown.selectFirst("#f-epochs-error").text()).contains("epochs: 500 exceeds the limit of 200");
        assertThat(shown.selectFirst("#f-seed").attr("value")).isEqualTo("1, 2");
        assertThat(shown.select("#f-strategy option[selected]").eachAttr("value"))
                .containsExactly("least-confidence", "entropy");
        assertThat(shown.select("#f-controls option[selected]").eachAttr("value")).containsExactly("random-sampling");

        values.put("epochs", "1");
        Response accepted = given().redirects().follow(false).cookie(SESSION, session)
                .header("Sec-Fetch-Site", "same-origin").contentType(ContentType.URLENC).formParams(values)
                .formParam("strategy", "entropy").post("/console/sweeps/new");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(303);
        String sweep = accepted.header("Location").substring(accepted.header("Location").lastIndexOf('/') + 1);
        assertThat(sweep).startsWith("sweep-");
        given().auth().oauth2(WRITE).get("/sweeps/" + sweep).then().statusCode(200)
                .body("members", org.hamcrest.Matchers.equalTo(4));
    }

    @Test
    void aPostFromAnotherSitesPageIsRefused() throws Exception {
        String session = ConsolePagesTest.logIn(WRITE);
        Map<String, String> values = formValues(page(session, "/console/experiments/new"));
        given().redirects().follow(false).cookie(SESSION, session).header("Sec-Fetch-Site", "cross-site")
                .contentType(ContentType.URLENC).formParams(values).post("/console/experiments/new")
                .then().statusCode(403);
    }

    @Test
    void theDataSetsPageListsAnUploadedSetWithItsCountsAndSampleImages() throws Exception {
        uploadOnce();
        String session = ConsolePagesTest.logIn(WRITE);
        Document page = page(session, "/console/datasets");
        Element set = page.selectFirst("#ds-" + DATA);
        assertThat(set).isNotNull();
        assertThat(set.selectFirst("h2").text()).isEqualTo(DATA);
        assertThat(set.selectFirst("dd.train").text()).isEqualTo("18");
        assertThat(set.selectFirst("dd.test").text()).isEqualTo("6");
        assertThat(set.selectFirst("dd.unlabeled").text()).isEqualTo("4");
        assertThat(set.text()).contains("circle", "square", "star", "32 x 32 px");
        var images = set.select(".samples img");
        assertThat(images).hasSize(3 * 4);
        for (Element img : images) {
            assertThat(img.attr("src")).matches("/console/datasets/" + DATA + "/samples/\\d+/\\d+");
            assertThat(img.attr("alt")).isNotBlank();
        }
        byte[] png = given().cookie(SESSION, session).get(images.get(0).attr("src")).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(24);
        given().cookie(SESSION, session).get("/console/datasets/" + DATA + "/samples/7/0").then().statusCode(404);
        given().cookie(SESSION, session).get("/console/datasets/" + DATA + "/samples/0/99").then().statusCode(404);
        given().get(images.get(0).attr("src")).then().statusCode(401);
        assertThat(page.select("nav a[href=/console/datasets]")).hasSize(1);
        assertThat(page.select("main")).hasSize(1);
        assertThat(page.selectFirst("label[for=upload-file]").text()).isEqualTo("Archive");
    }

    @Test
    void anUploadedSetIsDeletedFromThePageAndARegisteredOneIsNot() throws Exception {
        Path tree = TinyImageFolder.write(Files.createTempDirectory("form").resolve("gone"), 2, 1, 2);
        given().auth().oauth2(WRITE).contentType("application/zip").body(TinyImageFolder.zip(tree))
                .post("/datasets?name=form-gone").then().statusCode(201);
        String session = ConsolePagesTest.logIn(WRITE);
        assertThat(page(session, "/console/datasets").select("#ds-form-gone form.delete")).hasSize(1);
        given().redirects().follow(false).cookie(SESSION, session).header("Sec-Fetch-Site", "same-origin")
                .post("/console/datasets/form-gone/delete").then().statusCode(303);
        assertThat(page(session, "/console/datasets").select("#ds-form-gone")).isEmpty();
        Response missing = given().redirects().follow(false).cookie(SESSION, session)
                .header("Sec-Fetch-Site", "same-origin").post("/console/datasets/form-gone/delete");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Jsoup.parse(missing.asString()).selectFirst("#datasets-error").text())
                .contains("no data set named 'form-gone'");
    }
}
