package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.alps.infra.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Requests that ask too much are refused at once, naming the field, its limit and its value,
 * before anything is built from them, and nothing is queued.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class SubmitBoundsTest {
    private static final String DATA = "\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",";
    /** Far above what a bound check costs; the refusals measured here take milliseconds. */
    private static final double QUICK_SECONDS = 1.0;

    @TestHTTPResource("/experiments")
    URI experiments;

    @TestHTTPResource("/sweeps")
    URI sweeps;

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer test-write-token");
    }

    /**
     * The answer, after printing how long it took and checking it came quickly. The request is sent
     * once before, untimed: the first of its kind in a JVM also measures class loading and the JIT.
     */
    private static Response timed(String what, Supplier<Response> request) {
        request.get();
        long t0 = System.nanoTime();
        Response response = request.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bounds: %s -> %d in %.3f s%n", what, response.statusCode(), seconds);
        assertThat(seconds).as(what + ": seconds to the answer").isLessThan(QUICK_SECONDS);
        return response;
    }

    /** The refusal's reasons; checked without RestAssured's matchers, which pretty-print deep bodies on failure. */
    private static List<String> errors(Response response, int status) {
        String body = response.asString();
        assertThat(response.statusCode()).as("status; body: %s", body.length() > 2000 ? body.substring(0, 2000) : body)
                .isEqualTo(status);
        return io.restassured.path.json.JsonPath.from(body).getList("errors", String.class);
    }

    private static int experimentCount() {
        return ExperimentPages.allIds("test-write-token").size();
    }

    @Test
    void aMillionMemberSweepIsRefusedFromItsAxesLengthsBeforeAnythingIsExpanded() {
        String thousand = IntStream.rangeClosed(1, 1000).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String ks = IntStream.rangeClosed(1, 1000).mapToObj(i -> String.valueOf(i / 1000.0))
                .collect(Collectors.joining(","));
        String body = "{" + DATA + "\"kind\":\"edge-popup\",\"seed\":[" + thousand + "],\"k\":[" + ks + "]}";
        int before = experimentCount();
        List<String> errors = errors(timed("sweep 1,000 seeds x 1,000 k", () -> authed()
                .contentType(ContentType.JSON).body(body).post("/sweeps")), 400);
        assertThat(errors).containsExactly(
                "seed: 1,000 values exceed the limit of 100 (alps.limits.max.seeds)",
                "k: 1,000 values exceed the limit of 20 (alps.limits.max.sweep-values)",
                "sweep: its axes and controls make up to 1,000,000 experiments (the product of their lengths, each "
                        + "control doubling it), more than the limit of 1,000 (alps.limits.max.sweep-size); fewer seeds "
                        + "or values");
        // Within every axis' own limit, the product alone still bounds the sweep.
        String fifty = IntStream.rangeClosed(1, 50).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String grid = "{" + DATA + "\"kind\":\"edge-popup\",\"seed\":[" + fifty + "],\"k\":[0.1,0.2,0.3,0.4,0.5],"
                + "\"strategy\":[\"entropy\",\"margin\"],\"controls\":[\"dense\",\"random-sampling\"]}";
        assertThat(errors(authed().contentType(ContentType.JSON).body(grid).post("/sweeps"), 400))
                .containsExactly("sweep: its axes and controls make up to 2,000 experiments (the product of their "
                        + "lengths, each control doubling it), more than the limit of 1,000 (alps.limits.max.sweep-size); "
                        + "fewer seeds or values");
        assertThat(experimentCount()).isEqualTo(before);
    }

    @Test
    void aLongTextIsRefusedNamingTheFieldAndItsLength() {
        String name = "x".repeat(1000);
        List<String> errors = errors(timed("spec with a 1,000-character dataName", () -> authed()
                .contentType(ContentType.JSON).body("{" + DATA + "\"kind\":\"dense\",\"dataName\":\"" + name + "\"}")
                .post("/experiments")), 400);
        assertThat(errors).containsExactly(
                "dataName: a text of 1,000 characters exceeds the limit of 128 (alps.limits.max.text-length)");
        // The 200 kB one of the report does not get past the body limit.
        String huge = "x".repeat(200_000);
        List<String> tooLarge = errors(timed("spec with a 200 kB dataName", () -> authed().contentType(ContentType.JSON)
                .body("{" + DATA + "\"kind\":\"dense\",\"dataName\":\"" + huge + "\"}").post("/experiments")), 413);
        assertThat(tooLarge).singleElement().asString().startsWith("body: 200,07")
                .endsWith("bytes exceed the limit of 65,536 bytes for a JSON request (alps.limits.body.json-bytes)");
        assertThat(String.join("", tooLarge)).doesNotContain("xxxx");
    }

    @Test
    void monteCarloSamplesAndEveryCountHaveAMaximum() throws Exception {
        int before = experimentCount();
        List<String> errors = errors(timed("bald with mcSamples 200,000", () -> authed().contentType(ContentType.JSON)
                .body("{" + DATA + "\"kind\":\"dense\",\"strategy\":\"bald\",\"dropout\":0.5,\"mcSamples\":200000}")
                .post("/experiments")), 400);
        assertThat(errors).containsExactly("mcSamples: 200000 exceeds the limit of 200 (alps.limits.max.mc-samples)");
        errors = errors(authed().contentType(ContentType.JSON).body("{" + DATA + "\"kind\":\"lth\",\"batch\":1e300,"
                + "\"initial\":2000000,\"budget\":99999999999999999999999,\"trainLimit\":1000001,\"testLimit\":1000001,"
                + "\"labelBudget\":1000001,\"pruneRoundTo\":2048,\"lr\":1e999}").post("/experiments"), 400);
        assertThat(errors).containsExactlyInAnyOrder(
                "batch: 1.0E300 exceeds the limit of 4,096 (alps.limits.max.batch)",
                "initial: 2000000 exceeds the limit of 1,000,000 (alps.limits.max.initial)",
                "budget: 99999999999999999999999 exceeds the limit of 1,000,000 (alps.limits.max.budget)",
                "trainLimit: 1000001 exceeds the limit of 1,000,000 (alps.limits.max.train-limit)",
                "testLimit: 1000001 exceeds the limit of 1,000,000 (alps.limits.max.test-limit)",
                "labelBudget: 1000001 exceeds the limit of 1,000,000 (alps.limits.max.label-budget)",
                "pruneRoundTo: 2048 exceeds the limit of 1,024 (alps.limits.max.prune-round-to)",
                "lr: Infinity is out of range");
        // A list where one value belongs, a nested object, deep nesting: named, not built.
        assertThat(errors(authed().contentType(ContentType.JSON).body("{" + DATA + "\"kind\":\"dense\",\"seed\":[1,2]}")
                .post("/experiments"), 400)).containsExactly(
                "seed: expected a single value, not a list (lists of seed are for POST /sweeps)");
        assertThat(errors(authed().contentType(ContentType.JSON).body("{" + DATA + "\"kind\":{\"a\":1}}")
                .post("/experiments"), 400)).containsExactly("kind: expected a value, not an object");
        // Sent past RestAssured, whose request log would pretty-print 5,000 levels.
        String deep = "[".repeat(5000) + "]".repeat(5000);
        HttpResponse<String> nested = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sweeps)
                .header("Authorization", "Bearer test-write-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":" + deep + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(io.restassured.path.json.JsonPath.from(nested.body()).getList("errors", String.class))
                .singleElement().asString().startsWith("sweep: not valid JSON: Document nesting depth (9) exceeds");
        assertThat(experimentCount()).isEqualTo(before);
    }

    @Test
    void aSpecMustNameARegisteredDataSet() {
        List<String> errors = errors(timed("spec without data", () -> authed().contentType(ContentType.JSON)
                .body("{\"kind\":\"dense\"}").post("/experiments")), 400);
        assertThat(errors).containsExactly("data: names the data set to run on, one registered on the server "
                + "(GET /datasets); registered: tiny-fashion");
        assertThat(errors(authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"seed\":[1,2]}")
                .post("/sweeps"), 400)).allMatch(e -> e.contains("data: names the data set to run on"));
    }

    @Test
    void onlyUploadsAndLabelAnswersMayBeLargerThanAJsonRequest() throws Exception {
        byte[] seventyKb = ("{\"kind\":\"dense\",\"note\":\"" + "y".repeat(70_000) + "\"}").getBytes();
        errors(timed("70 kB body to /sweeps", () -> authed().contentType(ContentType.JSON).body(seventyKb)
                .post("/sweeps")), 413);
        // Answers for a whole round reach the resource (here: no such experiment), not the JSON limit.
        String answers = IntStream.range(0, 6000).mapToObj(i -> "\"" + i + "\":\"airplane\"")
                .collect(Collectors.joining(",", "{\"labels\":{", "}}"));
        assertThat(answers.length()).isGreaterThan(65_536);
        authed().contentType(ContentType.JSON).body(answers).post("/experiments/exp-none/labels").then().statusCode(404);
        // An upload larger than a JSON request is read by the upload endpoint (here: not an archive).
        given().auth().oauth2("test-write-token").contentType("application/zip").body(new byte[100_000])
                .post("/datasets?name=zeros").then().statusCode(400);
        // A body of unknown length could grow past any check: refused.
        HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(experiments)
                .header("Authorization", "Bearer test-write-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("{\"kind\":\"dense\"}"
                        .getBytes()))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(411);
        assertThat(chunked.body()).contains("send its length (Content-Length)")
                .contains("65,536 bytes (alps.limits.body.json-bytes)");
    }
}
