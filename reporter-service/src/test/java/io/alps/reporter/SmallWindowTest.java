package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.alps.api.spec.ExperimentSpec;
import io.alps.events.Topics;
import io.alps.events.v1.ExperimentRequested;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A reporter that keeps 3 views in memory and lists 2 experiments per page, on its own bucket,
 * over an object store whose write of one chosen key can be made to hang.
 */
@QuarkusTest
@TestProfile(SmallWindowTest.SmallWindow.class)
@QuarkusTestResource(LocalInfraResource.class)
class SmallWindowTest {
    public static class SmallWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alps.board.window", "3", "alps.board.page-size", "2", "alps.board.max-page-size", "4",
                    "alps.storage.bucket", "small-window-" + UUID.randomUUID().toString().substring(0, 8));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(StallingObjectStore.class);
        }
    }


    @Inject
    ExperimentBoard board;

    @Inject
    io.alps.reporter.board.ViewWindow window;

    @Inject
    ExperimentLifecycle lifecycle;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static io.restassured.specification.RequestSpecification authed() {
        return given().header("Authorization", "Bearer test-read-token");
    }

    @Test
    void theListPagesNewestFirstAndServesExperimentsOutsideTheMemoryWindowFromStorage() {
        // Requested far in the future, so they are the newest of the bucket whatever else runs here.
        long base = 4_000_000_000_000L;
        List<String> ids = new ArrayList<>();
        try (EventLog log = new EventLog(bootstrap)) {
            for (int i = 0; i < 7; i++) {
                String id = "page-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
                ids.add(id);
                log.send(Topics.EXPERIMENT_REQUESTED, id, ExperimentRequested.newBuilder().setEventId(id + "/requested")
                        .setExperimentId(id).setSpecJson(ExperimentSpec.defaults("dense").toJson())
                        .setRequestedAtMs(base + i).build().toByteArray());
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> authed().get("/experiments/" + id).statusCode() == 200));
        assertThat(window.inMemory()).as("views in memory").isLessThanOrEqualTo(3);

        Response first = authed().get("/experiments");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.jsonPath().getList("id", String.class)).as("the default page, newest first")
                .containsExactly(ids.get(6), ids.get(5));
        assertThat(first.jsonPath().getString("[0].spec.kind")).isEqualTo("dense");

        List<String> walked = new ArrayList<>();
        String next = "/experiments?limit=3";
        while (next != null && walked.size() < 7) {
            Response page = authed().get(next);
            assertThat(page.statusCode()).isEqualTo(200);
            List<String> onPage = page.jsonPath().getList("id", String.class);
            assertThat(onPage.size()).isLessThanOrEqualTo(3);
            walked.addAll(onPage);
            next = ExperimentPages.next(page);
        }
        assertThat(walked.subList(0, 7)).as("pages follow each other without gaps or repeats")
                .containsExactly(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        // The oldest was read back from object storage: only 3 views fit in memory.
        assertThat(window.inMemory()).isLessThanOrEqualTo(3);
        authed().get("/experiments/" + ids.get(0)).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"))
                .body("requestedAtMs", org.hamcrest.Matchers.equalTo(base));

        authed().get("/experiments?limit=0").then().statusCode(400).body("errors[0]", containsString("limit: 0"));
        authed().get("/experiments?limit=many").then().statusCode(400).body("errors[0]", containsString("limit: many"));
        authed().get("/experiments?limit=5").then().statusCode(400).body("errors[0]", containsString("1 to 4"));
        authed().get("/experiments?status=sleepy").then().statusCode(400).body("errors[0]", containsString("status:"));
        authed().get("/experiments?after=no-such-experiment").then().statusCode(400)
                .body("errors[0]", containsString("after: 'no-such-experiment' names no experiment"));
        assertThat(authed().get("/experiments?status=COMPLETED&limit=4").jsonPath().getList("id", String.class))
                .as("a status filter").doesNotContainAnyElementsOf(ids);

        // The console's list pages the same way.
        String session = ConsolePagesTest.logIn("test-read-token");
        String html = given().cookie("alps_session", session).get("/").then().statusCode(200).extract().asString();
        assertThat(html).contains(ids.get(6)).contains(ids.get(5)).doesNotContain(ids.get(4)).contains("id=\"next-page\"");
        String older = given().cookie("alps_session", session).get("/?after=" + ids.get(5)).then().statusCode(200)
                .extract().asString();
        assertThat(older).contains(ids.get(4)).contains(ids.get(3)).doesNotContain(ids.get(6));
        String filtered = given().cookie("alps_session", session).urlEncodingEnabled(true)
                .queryParam("kind", "<b>edge").get("/").then().statusCode(200).extract().asString();
        assertThat(filtered).contains("No experiment matches.").contains("&lt;b&gt;edge").doesNotContain("<b>edge");
        String dense = given().cookie("alps_session", session).queryParam("kind", "dense")
                .queryParam("status", "PENDING").get("/").then().statusCode(200).extract().asString();
        assertThat(dense).contains(ids.get(6)).contains(ids.get(5));
    }

    @Test
    void aStalledStorageWriteOfOneExperimentHoldsUpNoOtherExperiment() throws Exception {
        String slow = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        String fast = "fast-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentSpec spec = ExperimentSpec.defaults("dense");

        // The lifecycle: the slow experiment's record write hangs; another experiment starts meanwhile.
        StallingObjectStore.stall(StorageKeys.lifecycle(slow));
        CompletableFuture<Void> slowSubmit = CompletableFuture.runAsync(() -> lifecycle.submit(slow, spec));
        try {
            assertThat(StallingObjectStore.awaitStalled()).as("the slow write hangs").isTrue();
            CompletableFuture<Void> fastSubmit = CompletableFuture.runAsync(() -> lifecycle.submit(fast, spec));
            fastSubmit.get(30, java.util.concurrent.TimeUnit.SECONDS);
            authed().get("/experiments/" + fast).then().statusCode(200);
            assertThat(lifecycle.record(fast)).isPresent();
            assertThat(slowSubmit).as("the slow one still hangs").isNotDone();
        } finally {
            StallingObjectStore.release();
        }
        slowSubmit.get(30, java.util.concurrent.TimeUnit.SECONDS);
        authed().get("/experiments/" + slow).then().statusCode(200);

        // The board: a view write of one experiment hangs; another's view changes and is read meanwhile.
        StallingObjectStore.stall(StorageKeys.view(slow));
        CompletableFuture<Void> slowView = CompletableFuture.runAsync(() -> board.started(slow, slow + "/started", "d"));
        try {
            assertThat(StallingObjectStore.awaitStalled()).isTrue();
            CompletableFuture.runAsync(() -> board.started(fast, fast + "/started", "d")).get(30,
                    java.util.concurrent.TimeUnit.SECONDS);
            authed().get("/experiments/" + fast).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("RUNNING"));
            assertThat(slowView).isNotDone();
        } finally {
            StallingObjectStore.release();
        }
        slowView.get(30, java.util.concurrent.TimeUnit.SECONDS);
        authed().get("/experiments/" + slow).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("RUNNING"));
    }
}
