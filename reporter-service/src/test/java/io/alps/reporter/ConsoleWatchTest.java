package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.spec.ExperimentSpec;
import io.alps.infra.LocalInfraResource;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.experiment.TrainProgress;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's pages for following experiments: the list's pages and filters, the comparison of
 * several experiments (curves named by what differs, unknown ids refused), an experiment's page
 * (spec, run again, cancel with a token that may write, refused with a read-only one) and the
 * progress of a running round. Its own bucket and a page of three, so the lists hold only its
 * experiments.
 */
@QuarkusTest
@TestProfile(ConsoleWatchTest.OwnBucket.class)
@QuarkusTestResource(LocalInfraResource.class)
class ConsoleWatchTest {
    private static final String SESSION = "alps_session";
    private static final Pattern ROW = Pattern.compile("<tr data-id=\"([^\"]+)\"");

    public static class OwnBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alps.storage.bucket", "console-watch", "alps.board.page-size", "3");
        }
    }

    @Inject
    ExperimentBoard board;

    @Inject
    ExperimentStore store;

    @Inject
    io.alps.reporter.console.TrainingSpeed speed;

    private static boolean filled;

    /**
     * Seven finished experiments on the board as their events would leave them, requested one
     * second apart (w-0 oldest): dense and lth, on two data sets, seeds and strategies apart.
     */
    @BeforeEach
    void fill() {
        if (filled) {
            return;
        }
        filled = true;
        for (int i = 0; i < 7; i++) {
            String id = "exp-w-" + i;
            String kind = i % 2 == 0 ? "dense" : "lth";
            ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"" + kind + "\",\"dataset\":\"fashion-mnist\","
                    + "\"data\":\"tiny-fashion\",\"rounds\":1,\"seed\":" + (i < 5 ? 1 : i) + ",\"strategy\":\""
                    + (i == 4 ? "entropy" : "least-confidence") + "\"}");
            board.requested(id, id + "/requested", spec, 1_800_000_000_000L + i * 1000L);
            board.started(id, id + "/started", i < 3 ? "Fashion-MNIST" : "Other-set");
            for (int r = 0; r <= 1; r++) {
                board.trained(id, id + "/trained-" + r, r, 100 + 100 * r, 0.5 + 0.1 * r + 0.01 * i, 1.0, 1000, 1000,
                        2.5, "trainer-1", List.of());
                board.selected(id, id + "/selected-" + r, r, 100, 0.5, r == 1);
                board.roundCompleted(id, id + "/completed-" + r, r, Map.of());
            }
            board.completed(id, id + "/done", 2);
        }
    }

    private static String logIn(String token) {
        return ConsolePagesTest.logIn(token);
    }

    private static List<String> rows(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void theListIsPagedNewestFirstAndFilteredByStatusKindAndDataSet() {
        String session = logIn("test-read-token");
        String first = given().cookie(SESSION, session).get("/").then().statusCode(200).extract().asString();
        assertThat(rows(first)).containsExactly("exp-w-6", "exp-w-5", "exp-w-4");
        String next = first.replaceAll("(?s).*<a id=\"next-page\" href=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        String second = given().cookie(SESSION, session).get(next).then().statusCode(200).extract().asString();
        assertThat(rows(second)).containsExactly("exp-w-3", "exp-w-2", "exp-w-1");
        String lth = given().cookie(SESSION, session).queryParam("kind", "lth").get("/").then().statusCode(200)
                .extract().asString();
        assertThat(rows(lth)).containsExactly("exp-w-5", "exp-w-3", "exp-w-1");
        assertThat(lth).doesNotContain("id=\"next-page\"");
        String onOne = given().cookie(SESSION, session).queryParam("dataset", "Fashion-MNIST").queryParam("status", "completed")
                .get("/").then().statusCode(200).extract().asString();
        assertThat(rows(onOne)).containsExactly("exp-w-2", "exp-w-1", "exp-w-0");
        // The filter form's controls carry visible labels tied to them, and keep the filter shown.
        assertThat(onOne).contains("<label for=\"filter-status\">Status</label>", "<label for=\"filter-kind\">Kind</label>",
                "<label for=\"filter-dataset\">Data set</label>", "value=\"Fashion-MNIST\"",
                "<option value=\"COMPLETED\" selected>");
        assertThat(given().cookie(SESSION, session).queryParam("status", "FAILED").get("/").asString())
                .contains("No experiment matches.");
        // Every row can be ticked for the comparison, and the landmarks are there.
        assertThat(first).contains("<input type=\"checkbox\" class=\"pick\" id=\"pick-exp-w-6\" name=\"ids\" value=\"exp-w-6\"",
                "<label for=\"pick-exp-w-6\"", "action=\"/console/compare\"", "<header>", "<nav aria-label=", "<main>");
    }

    @Test
    void theComparisonNamesEachCurveByTheFieldThatDiffers() {
        String session = logIn("test-read-token");
        // exp-w-0 and exp-w-4: both dense, seed 1; only the strategy differs.
        String page = given().cookie(SESSION, session).get("/console/compare?ids=exp-w-0,exp-w-4").then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("They differ in:", "<code>strategy</code>");
        assertThat(legend(page)).containsExactly("strategy=least-confidence", "strategy=entropy");
        assertThat(page.split("<polyline ", -1)).hasSize(3);
        assertThat(page).contains("<tr data-id=\"exp-w-0\">", "<td>200</td>", "60.00 %", "64.00 %");
        // The list's ticked boxes send ids=a&ids=b; kind and seed differ between these.
        String three = given().cookie(SESSION, session).queryParam("ids", "exp-w-0").queryParam("ids", "exp-w-5")
                .get("/console/compare").then().statusCode(200).extract().asString();
        assertThat(legend(three)).containsExactly("kind=dense, seed=1", "kind=lth, seed=5");
    }

    private static List<String> legend(String page) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<span class=\"legend-name\">([^<]*)</span>").matcher(page);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void unknownIdsAndTooFewAreRefusedNamingThem() {
        String session = logIn("test-read-token");
        given().cookie(SESSION, session).get("/console/compare?ids=exp-w-0,exp-nope,../etc").then().statusCode(404)
                .body(org.hamcrest.Matchers.containsString("No experiments have these ids: exp-nope, ../etc."));
        given().cookie(SESSION, session).get("/console/compare?ids=exp-w-0").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("at least two"));
        given().cookie(SESSION, session).queryParam("ids", "<b>x</b>,exp-w-1").get("/console/compare").then().statusCode(404)
                .body(org.hamcrest.Matchers.containsString("&lt;b&gt;x&lt;/b&gt;"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<b>x</b>")));
        given().redirects().follow(false).get("/console/compare?ids=exp-w-0,exp-w-1").then().statusCode(303);
    }

    @Test
    void anExperimentsPageShowsItsSpecRunAgainAndItsProgress() {
        String id = "exp-w-running";
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\","
                + "\"dataName\":\"<script>alert(1)</script>\",\"rounds\":2,\"epochs\":4,\"initial\":100,\"budget\":50}");
        board.requested(id, id + "/requested", spec, 1_700_000_000_000L);
        board.started(id, id + "/started", "Fashion-MNIST");
        String session = logIn("test-write-token");
        String page = given().cookie(SESSION, session).get("/console/experiments/" + id).then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("href=\"/console/experiments/new?from=" + id + "\"", "id=\"cancel\"",
                "<th scope=\"row\"><code>epochs</code></th><td>4</td>",
                "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>", "/console/progress.js").doesNotContain("<script>alert");

        JsonPath waiting = given().cookie(SESSION, session).get("/experiments/" + id + "/progress").then().statusCode(200)
                .extract().jsonPath();
        assertThat(waiting.getString("phase")).isEqualTo("waiting");
        assertThat(waiting.getInt("round")).isZero();
        // The trainer's stored epoch: 1 of 4 on 100 samples in 10 s.
        store.putJson(StorageKeys.trainProgress(id, 0), new TrainProgress(0, 1, 4, 100, 10.0, 55.5, "trainer-7", 42L));
        JsonPath training = given().cookie(SESSION, session).get("/experiments/" + id + "/progress").then().statusCode(200)
                .extract().jsonPath();
        assertThat(training.getString("phase")).isEqualTo("training");
        assertThat(training.getInt("epoch")).isEqualTo(1);
        assertThat(training.getInt("epochs")).isEqualTo(4);
        assertThat(training.getDouble("imagesPerSecond")).isEqualTo(55.5);
        assertThat(training.getDouble("roundSecondsLeft")).isEqualTo(30.0);
        // 0.1 s per image and epoch: 30 s left here, then 4 epochs of 150 and of 200 images.
        assertThat(training.getDouble("trainingSecondsLeft")).isEqualTo(30.0 + 60.0 + 80.0);
        assertThat(training.getString("trainedBy")).isEqualTo("trainer-7");
        given().cookie(SESSION, session).get("/experiments/exp-nope/progress").then().statusCode(404);
        given().get("/experiments/" + id + "/progress").then().statusCode(401);
    }

    @Test
    void theFormsTrainingSpeedIsReadOnceAndAgainWhenARoundHasBeenTrained() {
        Map<String, Double> before = speed.imagesPerSecond();
        assertThat(before).doesNotContainKey("conv2");
        // The form asks at every keystroke: without a trained round it reads nothing again.
        assertThat(speed.imagesPerSecond()).isSameAs(before);
        String id = "exp-w-speed";
        board.requested(id, id + "/requested", ExperimentSpec.fromJson("{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\","
                + "\"data\":\"tiny-fashion\",\"architecture\":\"conv2\"}"), 1_600_000_000_000L);
        board.started(id, id + "/started", "Fashion-MNIST");
        // 300 labelled images, two epochs of 4 s and 2 s: 600 images in 6 s.
        board.trained(id, id + "/trained-0", 0, 300, 0.5, 1.0, 1000, 1000, 6.0, "trainer-1",
                List.of(new io.alps.reporter.board.RoundView.EpochView(1, 1, 0.5, 1, 0.5, 4.0),
                        new io.alps.reporter.board.RoundView.EpochView(2, 1, 0.5, 1, 0.5, 2.0)));
        assertThat(speed.imagesPerSecond()).containsEntry("conv2", 100.0);
    }

    @Test
    void cancellingFromThePageNeedsATokenThatMayWrite() {
        String id = given().auth().oauth2("test-write-token").contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\"}")
                .post("/experiments").then().statusCode(202).extract().jsonPath().getString("id");
        String reader = logIn("test-read-token");
        assertThat(given().cookie(SESSION, reader).get("/console/experiments/" + id).asString())
                .doesNotContain("id=\"cancel\"").contains("Read-only token");
        Response refused = given().redirects().follow(false).cookie(SESSION, reader).header("Sec-Fetch-Site", "same-origin")
                .post("/console/experiments/" + id + "/cancel");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.asString()).contains("read-only token", "needs a token that may write");
        assertThat(status(id)).isNotEqualTo("CANCELLED");

        String writer = logIn("test-write-token");
        given().redirects().follow(false).cookie(SESSION, writer).header("Sec-Fetch-Site", "cross-site")
                .post("/console/experiments/" + id + "/cancel").then().statusCode(403);
        assertThat(status(id)).isNotEqualTo("CANCELLED");
        given().redirects().follow(false).cookie(SESSION, writer).header("Sec-Fetch-Site", "same-origin")
                .post("/console/experiments/" + id + "/cancel").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/console/experiments/" + id));
        assertThat(status(id)).isEqualTo("CANCELLED");
        assertThat(given().cookie(SESSION, writer).get("/console/experiments/" + id).asString())
                .contains("class=\"status CANCELLED\">CANCELLED<");
        given().redirects().follow(false).cookie(SESSION, writer).header("Sec-Fetch-Site", "same-origin")
                .post("/console/experiments/exp-nope/cancel").then().statusCode(404);
    }

    private static String status(String id) {
        return given().auth().oauth2("test-read-token").get("/experiments/" + id).then().statusCode(200).extract()
                .jsonPath().getString("status");
    }
}
