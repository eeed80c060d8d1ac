package io.alps.reporter.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.infra.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random and edited bodies (jqwik's generators, a fixed seed, a bounded number of tries) sent to
 * the real spec and sweep endpoints: every answer is 2xx or 4xx, comes within seconds, and names
 * no server internals.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@TestProfile(SubmitFuzzTest.OwnToken.class)
class SubmitFuzzTest {
    private static final int TRIES = 150;
    private static final String SEED = "20261207";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** The server's folders a leaked path would start with: the checkout it runs from and the temporary folder. */
    private static final String REPOSITORY = java.nio.file.Path.of(System.getProperty("user.dir")).toAbsolutePath()
            .getParent() + java.io.File.separator;
    private static final String TEMP = java.nio.file.Path.of(System.getProperty("java.io.tmpdir")) + java.io.File.separator;

    /** Its own token, so what it queues never fills the queue of the other tests' token. */
    public static class OwnToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alps.api.tokens", "fuzz-token", "alps.limits.queued-per-token", "100000");
        }
    }

    @TestHTTPResource("/")
    URI root;

    @Test
    void everyBodyIsAnsweredWith2xxOr4xxWithinSeconds() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Outside a property jqwik samples from this thread's source of randomness: seeded, the bodies repeat.
        net.jqwik.engine.SourceOfRandomness.create(SEED);
        List<String> bodies = RequestBodies.bodies().sampleStream().limit(TRIES).toList();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long slowest = 0;
        for (int i = 0; i < TRIES; i++) {
            String body = bodies.get(i);
            String endpoint = i % 2 == 0 ? "experiments" : "sweeps";
            long t0 = System.nanoTime();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(root.resolve(endpoint))
                    .timeout(ANSWER_WITHIN).header("Authorization", "Bearer fuzz-token")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            slowest = Math.max(slowest, System.nanoTime() - t0);
            String shown = body.length() > 300 ? body.substring(0, 300) + "... (" + body.length() + " chars)" : body;
            assertThat(answer.statusCode()).as("POST /%s %s -> %s", endpoint, shown, answer.body())
                    .isBetween(200, 499);
            assertThat(answer.body()).as("POST /%s %s", endpoint, shown).doesNotContain("\tat ")
                    .doesNotContain("Exception").doesNotContain(REPOSITORY).doesNotContain(TEMP);
            statuses.merge(answer.statusCode(), 1, Integer::sum);
        }
        System.out.printf("fuzz: %d bodies, answers by status %s, slowest %.3f s%n", TRIES, statuses, slowest / 1e9);
        assertThat(statuses.keySet()).as("the tries reach past the checks too").contains(202, 400);
    }
}
