package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alps.api.spec.ExperimentSpec;
import io.alps.infra.LocalInfraResource;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageConfig;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A reporter started over a bucket that already holds many experiments (10,000 unless
 * {@code -Dalps.scale.experiments} says otherwise), each with a stored view and an index entry as
 * the board writes them: how long until the first page can be answered, and how long that page
 * takes. Opt-in ({@code -Dalps.scale.experiments=10000}): filling the bucket takes a while.
 */
@QuarkusTest
@TestProfile(ManyStoredExperimentsTest.Many.class)
@EnabledIfSystemProperty(named = "alps.scale.experiments", matches = "\\d+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyStoredExperimentsTest {
    /** Fixed (the profile and the filling resource are loaded apart); the ids are too, so a rerun overwrites. */
    static final String BUCKET = "many-stored-experiments";

    public static class Many implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alps.storage.bucket", BUCKET);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Filled.class));
        }
    }

    /** Fills the bucket before the reporter starts (after the shared S3Proxy is up). */
    public static class Filled implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> infra = new LocalInfraResource().start();
            int n = Integer.getInteger("alps.scale.experiments", 10_000);
            ObjectStore objects = new ObjectStore(new StorageConfig() {
                public String endpoint() {
                    return infra.get("alps.storage.endpoint");
                }

                public String accessKey() {
                    return infra.get("alps.storage.access-key");
                }

                public String secretKey() {
                    return infra.get("alps.storage.secret-key");
                }

                public String bucket() {
                    return BUCKET;
                }

                public Duration retryFor() {
                    return Duration.ofSeconds(30);
                }
            });
            String spec = ExperimentSpec.defaults("dense").toJson().replace("\\", "\\\\").replace("\"", "\\\"");
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    writes.add(pool.submit(() -> {
                        String id = String.format(Locale.ROOT, "exp-scale%05d", k);
                        long at = 1_700_000_000_000L + k * 1000L;
                        String view = "{\"id\":\"" + id + "\",\"specJson\":\"" + spec + "\",\"status\":\"COMPLETED\","
                                + "\"currentRound\":1,\"dataset\":\"fashion-mnist\",\"requestedAtMs\":" + at + ",\"rounds\":["
                                + "{\"round\":0,\"labeled\":1000,\"testAccuracy\":0.71,\"epochs\":[],\"completed\":true},"
                                + "{\"round\":1,\"labeled\":2000,\"testAccuracy\":0.78,\"epochs\":[],\"completed\":true}],"
                                + "\"applied\":[\"" + id + "/experiment-completed\"]}";
                        objects.put(StorageKeys.view(id), view.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        objects.put(StorageKeys.experimentIndex(id, at), new byte[0]);
                    }));
                }
                for (Future<?> w : writes) {
                    w.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not fill the bucket", e);
            } finally {
                pool.shutdown();
            }
            System.out.printf(Locale.ROOT, "SCALE stored %d experiments (view + index entry each) in %.1f s%n", n,
                    (System.nanoTime() - t0) / 1e9);
            return infra;
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    ExperimentBoard board;

    @Inject
    io.alps.reporter.board.ViewWindow window;

    @Test
    @Order(1)
    void theFirstPageOfManyStoredExperimentsIsQuick() {
        int n = Integer.getInteger("alps.scale.experiments", 10_000);
        long t0 = System.nanoTime();
        // The first page waits for the stored index; the time to it is the start's cost of 'n' experiments.
        var first = given().header("Authorization", "Bearer test-read-token").get("/experiments");
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.jsonPath().getList("id", String.class)).startsWith(String.format(Locale.ROOT, "exp-scale%05d", n - 1));
        long[] ms = new long[20];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            given().header("Authorization", "Bearer test-read-token").get("/experiments").then().statusCode(200);
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        long t = System.nanoTime();
        given().header("Authorization", "Bearer test-read-token").get("/experiments?after=exp-scale00100&limit=50")
                .then().statusCode(200);
        long oldMs = (System.nanoTime() - t) / 1_000_000;
        System.out.printf(Locale.ROOT, "SCALE %d stored: first GET /experiments after start %d ms; then median %d ms, "
                + "max %d ms (20 calls, 50 per page); a page of 50 old ones (outside the window) %d ms; views in memory %d%n",
                n, firstMs, ms[ms.length / 2], ms[ms.length - 1], oldMs, window.inMemory());
        await().atMost(Duration.ofMinutes(5)).until(() -> board.countByStatus().get(io.alps.reporter.board.Status.COMPLETED) >= n);
        System.out.printf(Locale.ROOT, "SCALE every status counted %.1f s after the first page%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The console's list page over the stored experiments: its size in bytes and how long the
     * answer takes (the test's client on the same machine), newest first and with filters; a
     * filter nothing matches walks the whole index.
     */
    @Test
    @Order(2)
    void theConsolesListPageOfManyStoredExperiments() {
        int n = Integer.getInteger("alps.scale.experiments", 10_000);
        String session = ConsolePagesTest.logIn("test-read-token");
        for (String query : List.of("/", "/?status=COMPLETED&kind=dense", "/?after=exp-scale00100",
                "/?dataset=no-such-set")) {
            long[] ms = new long[20];
            int bytes = 0;
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                byte[] body = given().cookie("alps_session", session).get(query).then().statusCode(200).extract().asByteArray();
                ms[i] = (System.nanoTime() - t) / 1_000_000;
                bytes = body.length;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "SCALE console list %s over %d stored: %,d bytes of HTML; median %d ms, max %d ms "
                    + "(20 calls)%n", query, n, bytes, ms[ms.length / 2], ms[ms.length - 1]);
        }
        int css = given().get("/console/console.css").then().statusCode(200).extract().asByteArray().length;
        int js = given().get("/console/refresh.js").then().statusCode(200).extract().asByteArray().length;
        System.out.printf(Locale.ROOT, "SCALE console list assets: console.css %,d bytes, refresh.js %,d bytes%n", css, js);
    }
}
