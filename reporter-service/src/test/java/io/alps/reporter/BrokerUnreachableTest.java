package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.alps.infra.LocalInfraResource;
import io.alps.service.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A submit whose start event the broker does not take: 503, and nothing of it stays behind. */
@QuarkusTest
@TestProfile(BrokerUnreachableTest.Unreachable.class)
@QuarkusTestResource(LocalInfraResource.class)
class BrokerUnreachableTest {
    /** The experiment-start channel points at a port where no broker listens. */
    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.experiment-requests.bootstrap.servers", "127.0.0.1:9",
                    "alps.service.send-timeout-seconds", "3");
        }
    }

    @Inject
    ObjectStore objects;

    @Test
    void aSubmitTheBrokerDoesNotTakeIs503AndLeavesNothingBehind() {
        String body = given().header("Authorization", "Bearer test-write-token").contentType(ContentType.JSON)
                .body("{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"epochs\":1,\"rounds\":0}").post("/experiments")
                .then().statusCode(503).extract().asString();
        assertThat(body).contains("nothing was queued").doesNotContain("127.0.0.1").doesNotContain("Exception");
        assertThat(given().header("Authorization", "Bearer test-write-token").get("/experiments").jsonPath()
                .getList("id")).isEmpty();
        assertThat(objects.list("experiments/")).isEmpty();

        String sweep = given().header("Authorization", "Bearer test-write-token").contentType(ContentType.JSON)
                .body("{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"epochs\":1,\"rounds\":0,\"seed\":[1,2]}")
                .post("/sweeps").then().statusCode(503).extract().asString();
        assertThat(sweep).contains("the sweep was not started").doesNotContain("Exception");
        assertThat(given().header("Authorization", "Bearer test-write-token").get("/sweeps").jsonPath()
                .getList("id")).isEmpty();
        assertThat(objects.list("experiments/")).isEmpty();
        assertThat(objects.list("sweeps/")).isEmpty();
    }
}
