package io.alps.reporter;

import static io.restassured.RestAssured.given;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.alps.events.Topics;
import io.alps.events.v1.EpochMetrics;
import io.alps.events.v1.ExperimentCompleted;
import io.alps.events.v1.ExperimentFailed;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.SamplesSelected;
import io.alps.events.v1.StepFailed;
import io.alps.events.v1.TrainRequested;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ReporterServiceTest {
    @Inject
    ExperimentStore store;

    @Inject
    io.alps.reporter.board.BoardStartup startup;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static JsonPath awaitView(String id, Predicate<JsonPath> done) {
        return await("experiment " + id + " reaches the expected state").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    var response = authed().get("/experiments/" + id);
                    return response.statusCode() == 200 ? response.jsonPath() : null;
                }, view -> view != null && done.test(view));
    }

    @Test
    void anInvalidSpecIsRefusedWithEachBadFieldListed() {
        List<String> errors = authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"epochs\":0,\"lr\":-1,\"strategy\":\"psychic\"}")
                .post("/experiments").then().statusCode(400).extract().jsonPath().getList("errors");
        assertThat(errors).anyMatch(e -> e.startsWith("epochs:")).anyMatch(e -> e.startsWith("lr:"))
                .anyMatch(e -> e.startsWith("strategy:")).hasSize(3);
        authed().contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"epoch\":3}").post("/experiments")
                .then().statusCode(400).body("errors[0]", containsString("epoch"));
        authed().contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"nonsense\"}").post("/experiments")
                .then().statusCode(400).body("errors[0]", containsString("kind:"));
        // A label file would be a path on the server: the services take labels over the API instead.
        authed().contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"oracle\":\"file\",\"labels\":\"x.csv\"}")
                .post("/experiments").then().statusCode(400)
                .body("errors[0]", containsString("oracle: 'file' reads a label file where the experiment runs"));
        // So would a network file: initFrom names an uploaded model, and a path is just a name no model has.
        authed().contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"initFrom\":\"/etc/passwd\"}")
                .post("/experiments").then().statusCode(400)
                .body("errors[0]", equalTo("initFrom: no model named '/etc/passwd' (upload it with POST /models?name=/etc/passwd)"));
    }

    @Test
    void aValidSpecIsAcceptedStoredAndPublished() throws Exception {
        String id = authed().contentType(ContentType.JSON)
                .body("{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"initial\":200,\"rounds\":1,\"epochs\":1}")
                .post("/experiments").then().statusCode(202).extract().jsonPath().getString("id");
        assertThat(store.spec(StorageKeys.spec(id)).initial()).isEqualTo(200);
        try (EventLog log = new EventLog(bootstrap)) {
            var published = log.await(Topics.EXPERIMENT_REQUESTED, id, Duration.ofSeconds(30), r -> !r.isEmpty());
            assertThat(published).hasSize(1);
            ExperimentRequested request = ExperimentRequested.parseFrom(published.get(0).value());
            assertThat(request.getSpecKey()).isEqualTo(StorageKeys.spec(id));
            assertThat(ExperimentSpec.fromJson(request.getSpecJson())).isEqualTo(store.spec(request.getSpecKey()));
        }
        authed().get("/experiments/" + id).then().statusCode(200).body("status", equalTo("PENDING"))
                .body("kind", equalTo("dense")).body("spec.initial", equalTo(200));
        assertThat(authed().get("/experiments").jsonPath().getList("id", String.class)).contains(id);
        authed().get("/experiments/no-such-experiment").then().statusCode(404);
    }

    private static String submit(String specJson) {
        return authed().contentType(ContentType.JSON).body(specJson).post("/experiments").then().statusCode(202)
                .extract().jsonPath().getString("id");
    }

    private static ExperimentStarted started(String id) {
        return ExperimentStarted.newBuilder().setEventId(id + "/experiment-started").setExperimentId(id)
                .setSpecKey(StorageKeys.spec(id)).setLabelsKey(StorageKeys.labels(id, 0))
                .setTheta0Key(StorageKeys.theta0(id)).setDatasetName("CIFAR-10 (JPEG copy)").build();
    }

    private static RoundCompleted completed(String id, int round, boolean last) {
        return RoundCompleted.newBuilder().setEventId(id + "/round-completed/r" + round).setExperimentId(id)
                .setRound(round).setExtrasJson("{\"note\":1.5}").setResultKey(StorageKeys.result(id, round))
                .setCheckpointKey(StorageKeys.trainedModel(id, round)).setFinalRound(last)
                .setNextLabelsKey(last ? "" : StorageKeys.labels(id, round + 1))
                .setNextModelKey(last ? "" : StorageKeys.startModel(id, round + 1)).build();
    }

    private static TrainRequested request(EventLog log, String id, int round) throws Exception {
        var requests = log.await(Topics.TRAIN_REQUESTED, id, Duration.ofSeconds(30), r -> r.size() > round);
        return TrainRequested.parseFrom(requests.get(round).value());
    }

    @Test
    void theLifecycleStartsEachRoundFromTheStepsReportsOnceAndCompletesAfterWritingTheReports() throws Exception {
        String id = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"rounds\":1}");
        RoundResult round0 = new RoundResult(0, 2000, 0.41, 1.7, 62006, 650000,
                List.of(new io.alps.api.result.EpochMetrics(1, 2.0, 0.3, 1.7, 0.41, 3.0, 600)), 3.0, 0.5,
                Map.of("note", 1.5));
        store.putResult(StorageKeys.result(id, 0), round0);
        ModelTrained trained = ModelTrained.newBuilder().setEventId(id + "/model-trained/r0").setExperimentId(id)
                .setRound(0).setLabeled(2000).setTestAccuracy(0.41).setTestLoss(1.7).setParameters(62006)
                .setMacs(650000).setTrainSeconds(3.0).setTrainedBy("trainer-a")
                .addEpochs(EpochMetrics.newBuilder().setEpoch(1).setTrainLoss(2.0).setTrainAccuracy(0.3)
                        .setTestLoss(1.7).setTestAccuracy(0.41)).build();
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, id, started(id).toByteArray());
            TrainRequested first = request(log, id, 0);
            assertThat(first.getRound()).isZero();
            assertThat(first.getSpecKey()).isEqualTo(StorageKeys.spec(id));
            assertThat(first.getLabelsKey()).isEqualTo(StorageKeys.labels(id, 0));
            assertThat(first.getModelKey()).isEqualTo(StorageKeys.theta0(id));
            assertThat(first.getPreviousCheckpointKey()).isEmpty();

            log.send(Topics.MODEL_TRAINED, id, trained.toByteArray());
            // A redelivery with the same event id must not count twice or overwrite.
            log.send(Topics.MODEL_TRAINED, id, trained.toBuilder().setTestAccuracy(0.99).build().toByteArray());
            JsonPath running = awaitView(id, v -> v.get("rounds[0].testAccuracy") != null);
            assertThat(running.getString("status")).isEqualTo("RUNNING");
            assertThat(running.getInt("currentRound")).isZero();

            log.send(Topics.SAMPLES_SELECTED, id, SamplesSelected.newBuilder().setEventId(id + "/samples-selected/r0")
                    .setExperimentId(id).setRound(0).setSelected(6000).setSelectSeconds(0.5).build().toByteArray());
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 0, false).toByteArray());
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 0, false).toByteArray());
            TrainRequested second = request(log, id, 1);
            assertThat(second.getRound()).isEqualTo(1);
            assertThat(second.getLabelsKey()).isEqualTo(StorageKeys.labels(id, 1));
            assertThat(second.getModelKey()).isEqualTo(StorageKeys.startModel(id, 1));
            assertThat(second.getPreviousCheckpointKey()).isEqualTo(StorageKeys.trainedModel(id, 0));
            assertThat(log.collect(Topics.TRAIN_REQUESTED, id, Duration.ofSeconds(2)))
                    .as("a repeated report is not acted upon twice").hasSize(2);

            store.putResult(StorageKeys.result(id, 1), new RoundResult(1, 8000, 0.5, 1.4, 62006, 650000, List.of(), 3.0,
                    0, Map.of()));
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 1, true).toByteArray());
            assertThat(log.await(Topics.EXPERIMENT_COMPLETED, id, Duration.ofSeconds(30), r -> !r.isEmpty())).hasSize(1);
            // The view shows COMPLETED only with every round in it: round 1's metrics arrive last here.
            // Once the board has applied the completion (its stored view names the event), it still says RUNNING.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> new String(
                    store.objects().get(StorageKeys.view(id))).contains(id + "/experiment-completed"));
            assertThat(authed().get("/experiments/" + id).jsonPath().getString("status")).isEqualTo("RUNNING");
            log.send(Topics.MODEL_TRAINED, id, trained.toBuilder().setEventId(id + "/model-trained/r1").setRound(1)
                    .setLabeled(8000).setTestAccuracy(0.5).build().toByteArray());
        }
        JsonPath done = awaitView(id, v -> "COMPLETED".equals(v.getString("status")));
        assertThat(done.getDouble("rounds[0].testAccuracy")).isEqualTo(0.41);
        assertThat(done.getInt("rounds[0].selected")).isEqualTo(6000);
        assertThat(done.getString("rounds[0].trainedBy")).isEqualTo("trainer-a");
        assertThat(done.getDouble("rounds[0].extras.note")).isEqualTo(1.5);
        assertThat(done.getString("dataset")).isEqualTo("CIFAR-10 (JPEG copy)");
        assertThat(done.getList("artifacts", String.class)).contains(
                StorageKeys.artifact(id, "active_learning_log.csv"), StorageKeys.artifact(id, "progress.png"),
                StorageKeys.spec(id));
        String csv = new String(store.objects().get(StorageKeys.artifact(id, "active_learning_log.csv")));
        assertThat(csv).contains("0,2000,0.41").contains("1,8000,0.5");
        JsonPath files = authed().get("/experiments/" + id + "/artifacts").then().statusCode(200).extract().jsonPath();
        assertThat(files.getList("path", String.class)).contains("active_learning_log.csv", "history.json", "progress.png");
        String csvUrl = files.getString("find { it.path == 'active_learning_log.csv' }.url");
        authed().get(csvUrl).then().statusCode(200).contentType("text/csv").body(containsString("0,2000,0.41"));
        authed().get("/experiments/" + id + "/artifacts/no-such-file.csv").then().statusCode(404);
        // A large artifact is streamed as object storage sends it (chunked, no length known up front), intact.
        byte[] big = new byte[24 << 20];
        new java.util.Random(7).nextBytes(big);
        store.objects().put(StorageKeys.artifact(id, "model/big.bin"), big);
        var download = authed().get("/experiments/" + id + "/artifacts/model/big.bin");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.header("Content-Length")).isNull();
        assertThat(download.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(download.asByteArray()).isEqualTo(big);
        authed().get("/experiments/no-such-experiment/artifacts").then().statusCode(404);
        authed().get("/experiments/" + id + "/labels.csv").then().statusCode(404);
        store.objects().put(StorageKeys.artifact(id, "labels.csv"), "id,label,file,round\n7,cat,,0\n".getBytes());
        authed().get("/experiments/" + id + "/labels.csv").then().statusCode(200).contentType("text/csv")
                .body(containsString("7,cat,,0"));
        // /q/metrics answers anyone: by default it has the aggregates only, no series naming an experiment.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("alps_rounds_completed_total{kind=\"dense\"}").doesNotContain(id)
                .doesNotContain("alps_round_test_accuracy");
    }

    @Test
    void anExperimentLabelledByPeopleWaitsForEachRoundsAnswersAndRefusesBadOnesNamingThem() throws Exception {
        String id = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"oracle\":\"human\",\"rounds\":1,\"initial\":4,\"budget\":2}");
        store.putLabels(StorageKeys.labels(id, 0), new int[] {1, 5, 9, 12});
        store.objects().put(StorageKeys.sampleImage(id, 5), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, id, started(id).toBuilder().addAllClassNames(List.of("cat", "dog"))
                    .build().toByteArray());
            awaitView(id, v -> "AWAITING_LABELS".equals(v.getString("status")));
            JsonPath q = authed().get("/experiments/" + id + "/queries").then().statusCode(200).extract().jsonPath();
            assertThat(q.getInt("round")).isZero();
            assertThat(q.getInt("asked")).isEqualTo(4);
            assertThat(q.getList("queries.sampleId", Integer.class)).containsExactly(1, 5, 9, 12);
            assertThat(q.getList("classes", String.class)).containsExactly("cat", "dog");
            authed().get(q.getString("queries[1].image")).then().statusCode(200).contentType("image/png");
            // Fashion-MNIST has no file per sample: no original, and asking for one says so naming the sample.
            assertThat(q.getList("queries.original")).hasSize(4).containsOnlyNulls();
            authed().get("/experiments/" + id + "/samples/5/original").then().statusCode(404)
                    .body("errors[0]", containsString("sample 5: experiment " + id + "'s data set (fashion-mnist) has no image file"));
            authed().get("/experiments/" + id + "/samples/77.png").then().statusCode(404);

            // Bad answers are refused naming each, and none of that request is kept.
            List<String> errors = answer(id, "{\"labels\":{\"1\":\"cat\",\"5\":\"zebra\",\"77\":\"dog\",\"x\":\"dog\"}}")
                    .then().statusCode(400).extract().jsonPath().getList("errors");
            assertThat(errors).hasSize(3).anyMatch(e -> e.contains("sample 5") && e.contains("unknown class 'zebra'"))
                    .anyMatch(e -> e.contains("sample 77 is not asked for")).anyMatch(e -> e.contains("'x' is not a sample id"));
            answer(id, "{\"label\":{}}").then().statusCode(400).body("errors[0]", containsString("labels:"));
            // Thousands of bad keys get one short message per problem, naming the classes once.
            StringBuilder many = new StringBuilder("{\"labels\":{");
            for (int i = 0; i < 3000; i++) {
                many.append("\"bad").append(i).append("\":\"dog\",\"").append(100 + i).append("\":\"zebra\",");
            }
            many.append("\"1\":\"cat\"}}");
            List<String> bounded = answer(id, many.toString()).then().statusCode(400).extract().jsonPath().getList("errors");
            assertThat(bounded).hasSize(2);
            assertThat(String.join("\n", bounded)).hasSizeLessThan(2000).containsOnlyOnce("cat, dog")
                    .contains("'bad0'", "and 2990 more are not sample ids", "'zebra' for sample 100", "and 2990 more");
            given().contentType(ContentType.JSON).body("{\"labels\":{}}").post("/experiments/" + id + "/labels")
                    .then().statusCode(401);
            assertThat(store.answers(id)).isEmpty();

            answer(id, "{\"labels\":{\"1\":\"cat\",\"5\":\"dog\"}}").then().statusCode(200)
                    .body("answered", equalTo(2)).body("queries.sampleId", org.hamcrest.Matchers.contains(9, 12));
            assertThat(log.collect(Topics.TRAIN_REQUESTED, id, Duration.ofSeconds(2))).as("still waiting").isEmpty();
            answer(id, "{\"labels\":{\"1\":\"cat\",\"9\":\"cat\",\"12\":\"dog\"}}").then().statusCode(200)
                    .body("round", org.hamcrest.Matchers.nullValue());
            TrainRequested first = request(log, id, 0);
            assertThat(first.getLabelsKey()).isEqualTo(StorageKeys.labels(id, 0));
            assertThat(store.answers(id)).isEqualTo(Map.of(1, "cat", 5, "dog", 9, "cat", 12, "dog"));
            assertThat(authed().get("/experiments/" + id).jsonPath().getString("status")).isEqualTo("RUNNING");
            // The same answer again changes nothing; a trained-on label cannot change.
            answer(id, "{\"labels\":{\"5\":\"dog\"}}").then().statusCode(200);
            answer(id, "{\"labels\":{\"5\":\"cat\"}}").then().statusCode(400)
                    .body("errors[0]", containsString("sample 5 was labelled 'dog' and trained on"));

            // Round 1 asks for the two samples selected after round 0, and only for them.
            store.putLabels(StorageKeys.labels(id, 1), new int[] {1, 3, 5, 7, 9, 12});
            store.putResult(StorageKeys.result(id, 0), new RoundResult(0, 4, 0.5, 1.0, 100, 1000, List.of(), 1.0, 0,
                    Map.of()));
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 0, false).toByteArray());
            awaitView(id, v -> "AWAITING_LABELS".equals(v.getString("status")) && v.getInt("currentRound") == 1);
            authed().get("/experiments/" + id + "/queries").then().statusCode(200).body("round", equalTo(1))
                    .body("asked", equalTo(2)).body("queries.sampleId", org.hamcrest.Matchers.contains(3, 7));
            answer(id, "{\"labels\":{\"3\":\"dog\",\"7\":\"dog\"}}").then().statusCode(200);
            assertThat(request(log, id, 1).getRound()).isEqualTo(1);
        }
        String byDataset = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\"}");
        authed().get("/experiments/" + byDataset + "/queries").then().statusCode(409)
                .body("errors[0]", containsString("oracle 'dataset', which asks nobody"));
    }

    private static io.restassured.response.Response answer(String id, String body) {
        return authed().contentType(ContentType.JSON).body(body).post("/experiments/" + id + "/labels");
    }

    @Test
    void aSweepWithBadValuesIsRefusedNamingEachOne() {
        List<String> errors = authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"seed\":[1,\"two\"],\"strategy\":[\"psychic\"],\"controls\":[\"magic\"]}")
                .post("/sweeps").then().statusCode(400).extract().jsonPath().getList("errors");
        assertThat(errors).contains("seed: expected a whole number or a list of them (got \"two\")");
        errors = authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"seed\":[1,2],\"strategy\":[\"psychic\"],\"controls\":[\"magic\"]}")
                .post("/sweeps").then().statusCode(400).extract().jsonPath().getList("errors");
        assertThat(errors).anyMatch(e -> e.startsWith("controls: unknown 'magic'"))
                .anyMatch(e -> e.startsWith("dense psychic: strategy: unknown 'psychic'"));
        authed().contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"lth\",\"rewind\":[\"theta0\",\"epoch:2\"]}")
                .post("/sweeps").then().statusCode(400).body("errors[0]", containsString("late rewinding"));
        authed().get("/sweeps/no-such-sweep").then().statusCode(404);
    }

    @Test
    void aSweepStartsOneExperimentPerMemberAndReportsTheComparisonOnceTheyComplete() throws Exception {
        JsonPath accepted = authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"seed\":[1,2],\"strategy\":\"least-confidence\",\"initial\":100,"
                        + "\"budget\":100,\"rounds\":1,\"controls\":[\"random-sampling\"]}")
                .post("/sweeps").then().statusCode(202).extract().jsonPath();
        String sweep = accepted.getString("id");
        List<String> ids = accepted.getList("experiments.experimentId", String.class);
        assertThat(accepted.getList("experiments.configuration", String.class)).containsExactly(
                "dense least-confidence", "dense least-confidence", "dense random", "dense random");
        assertThat(accepted.getList("experiments.seed", Long.class)).containsExactly(1L, 2L, 1L, 2L);
        authed().get("/sweeps/" + sweep).then().statusCode(200).body("members", equalTo(4))
                .body("completed", equalTo(0)).body("experiments[0].status", equalTo("PENDING"));
        // Curves per member (labels 100, 200): least confidence beats random by 5 and 2 points of AUC.
        double[][] curves = {{0.40, 0.60}, {0.42, 0.62}, {0.40, 0.50}, {0.42, 0.58}};
        try (EventLog log = new EventLog(bootstrap)) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                var published = log.await(Topics.EXPERIMENT_REQUESTED, id, Duration.ofSeconds(30), r -> !r.isEmpty());
                ExperimentSpec spec = ExperimentSpec.fromJson(ExperimentRequested.parseFrom(published.get(0).value())
                        .getSpecJson());
                assertThat(spec.seed()).isEqualTo(i % 2 + 1);
                assertThat(spec.strategy()).isEqualTo(i < 2 ? "least-confidence" : "random");
                completeMember(log, id, curves[i]);
            }
        }
        JsonPath view = await("the sweep completes with its report").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> authed().get("/sweeps/" + sweep).jsonPath(),
                        v -> "COMPLETED".equals(v.getString("status")) && v.getList("report").size() >= 7);
        String sentence = "dense least-confidence vs dense random: +3.5 points AUC, 95 % CI [-15.6, +22.6], n = 2 seeds "
                + "(not significant)";
        assertThat(view.getList("comparisons", String.class)).containsExactly(sentence);
        assertThat(view.getString("dataset")).isEqualTo("CIFAR-10 (JPEG copy)");
        assertThat(view.getDouble("experiments[0].auc")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        JsonPath files = authed().get("/sweeps/" + sweep + "/report").then().statusCode(200).extract().jsonPath();
        assertThat(files.getList("path", String.class)).contains("comparisons.txt", "sweep_summary.csv", "sweep.png");
        String text = authed().get(files.getString("find { it.path == 'comparisons.txt' }.url")).then().statusCode(200)
                .contentType("text/plain").extract().asString();
        assertThat(text).contains(sentence).contains("CIFAR-10 (JPEG copy), seeds 1,2");
        assertThat(authed().get("/sweeps").jsonPath().getList("id", String.class)).contains(sweep);
        authed().get("/sweeps/" + sweep + "/report/../x").then().statusCode(404);
        // The console's page of the sweep: its sentences, its band plot and its members.
        String page = given().cookie("alps_session", ConsolePagesTest.logIn("test-write-token")).get("/console/sweeps/" + sweep).then()
                .statusCode(200).extract().asString();
        assertThat(page).contains("+3.5 points AUC").contains("/sweeps/" + sweep + "/report/sweep.png")
                .contains("/console/experiments/" + ids.get(3));
        authed().get("/sweeps/" + sweep + "/report/sweep.png").then().statusCode(200).contentType("image/png");
    }

    /** Reports the steps of a finished one-round-plus-one experiment, with the stored results the reporter reads. */
    private void completeMember(EventLog log, String id, double[] accuracy) {
        log.send(Topics.EXPERIMENT_STARTED, id, started(id).toByteArray());
        for (int r = 0; r < accuracy.length; r++) {
            int labeled = 100 * (r + 1);
            store.putResult(StorageKeys.result(id, r), new RoundResult(r, labeled, accuracy[r], 1.0, 62006, 650000,
                    List.of(), 1.0, 0.1, Map.of()));
            log.send(Topics.MODEL_TRAINED, id, ModelTrained.newBuilder().setEventId(id + "/model-trained/r" + r)
                    .setExperimentId(id).setRound(r).setLabeled(labeled).setTestAccuracy(accuracy[r]).setTestLoss(1.0)
                    .setParameters(62006).setMacs(650000).setTrainedBy("trainer-a").build().toByteArray());
            log.send(Topics.ROUND_COMPLETED, id, completed(id, r, r == accuracy.length - 1).toByteArray());
        }
    }

    @Test
    void aFailedStepFailsTheExperimentWithItsReasonAndLaterReportsAreDropped() throws Exception {
        String id = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"rounds\":2}");
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, id, started(id).toByteArray());
            request(log, id, 0);
            log.send(Topics.STEP_FAILED, id, StepFailed.newBuilder().setEventId(id + "/failed-train/r0")
                    .setExperimentId(id).setRound(0).setService("trainer-service").setStep("train")
                    .setReason("train failed in trainer-service: checkpoint is corrupt").build().toByteArray());
            ExperimentFailed decided = ExperimentFailed.parseFrom(
                    log.await(Topics.EXPERIMENT_FAILED, id, Duration.ofSeconds(30), r -> !r.isEmpty()).get(0).value());
            assertThat(decided.getReason()).contains("checkpoint is corrupt");
            store.putResult(StorageKeys.result(id, 0), new RoundResult(0, 100, 0.3, 1.0, 1, 1, List.of(), 1, 0, Map.of()));
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 0, false).toByteArray());
            assertThat(log.collect(Topics.TRAIN_REQUESTED, id, Duration.ofSeconds(2))).hasSize(1);
        }
        JsonPath failed = awaitView(id, v -> "FAILED".equals(v.getString("status")));
        assertThat(failed.getString("failureReason")).contains("checkpoint is corrupt");
        assertThat(failed.getString("failure.service")).isEqualTo("trainer-service");
        authed().get("/experiments/" + id).then().body("status", equalTo("FAILED"));
    }

    @Test
    void aCancelledExperimentKeepsItsFinishedRoundsStopsItsStepsAndDropsLaterReports() throws Exception {
        String id = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"rounds\":2}");
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, id, started(id).toByteArray());
            request(log, id, 0);
            store.putResult(StorageKeys.result(id, 0), new RoundResult(0, 100, 0.3, 1.0, 1, 1, List.of(), 1, 0, Map.of()));
            log.send(Topics.MODEL_TRAINED, id, ModelTrained.newBuilder().setEventId(id + "/model-trained/r0")
                    .setExperimentId(id).setRound(0).setLabeled(100).setTestAccuracy(0.3).build().toByteArray());
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 0, false).toByteArray());
            request(log, id, 1);

            given().header("Authorization", "Bearer test-read-token").delete("/experiments/" + id).then().statusCode(403);
            authed().delete("/experiments/" + id).then().statusCode(202).body("status", equalTo("CANCELLED"));
            var cancelled = io.alps.events.v1.ExperimentCancelled.parseFrom(
                    log.await(Topics.EXPERIMENT_CANCELLED, id, Duration.ofSeconds(30), r -> !r.isEmpty()).get(0).value());
            assertThat(cancelled.getCompletedRounds()).as("round 0 was complete").isZero();
            assertThat(store.objects().exists(StorageKeys.cancelled(id))).as("the mark every step checks").isTrue();

            // Round 1's report arrives after the cancel: nothing follows from it.
            store.putResult(StorageKeys.result(id, 1), new RoundResult(1, 200, 0.4, 1.0, 1, 1, List.of(), 1, 0, Map.of()));
            log.send(Topics.ROUND_COMPLETED, id, completed(id, 1, false).toByteArray());
            assertThat(log.collect(Topics.TRAIN_REQUESTED, id, Duration.ofSeconds(2))).hasSize(2);
            assertThat(log.collect(Topics.EXPERIMENT_COMPLETED, id, Duration.ofSeconds(1))).isEmpty();
            // Asking again is no error (and completes a cancel whose notice was lost).
            authed().delete("/experiments/" + id).then().statusCode(202);
        }
        JsonPath view = awaitView(id, v -> "CANCELLED".equals(v.getString("status")));
        assertThat(view.getDouble("rounds[0].testAccuracy")).as("finished rounds stay readable").isEqualTo(0.3);
        authed().delete("/experiments/no-such-experiment").then().statusCode(404);
        authed().delete("/experiments/..%2Fetc").then().statusCode(404);

        String finished = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"rounds\":0}");
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, finished, started(finished).toByteArray());
            store.putResult(StorageKeys.result(finished, 0), new RoundResult(0, 100, 0.3, 1.0, 1, 1, List.of(), 1, 0,
                    Map.of()));
            log.send(Topics.MODEL_TRAINED, finished, ModelTrained.newBuilder().setEventId(finished + "/model-trained/r0")
                    .setExperimentId(finished).setRound(0).setLabeled(100).setTestAccuracy(0.3).build().toByteArray());
            log.send(Topics.ROUND_COMPLETED, finished, completed(finished, 0, true).toByteArray());
        }
        awaitView(finished, v -> "COMPLETED".equals(v.getString("status")));
        authed().delete("/experiments/" + finished).then().statusCode(409)
                .body("errors[0]", containsString("already finished"));
    }

    @Test
    void theViewIsKeptInObjectStorageSoAnExperimentOutlivesItsEventsAndARestart() throws Exception {
        // An experiment whose events the topics no longer hold: only its stored view is left.
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 12);
        var spec = io.alps.api.report.Json.parseObject(ExperimentSpec.defaults("dense").toJson().getBytes());
        var round = new java.util.LinkedHashMap<String, Object>();
        round.put("round", 0);
        round.put("labeled", 100);
        round.put("testAccuracy", 0.515625);
        round.put("epochs", List.of());
        round.put("completed", true);
        var view = new java.util.LinkedHashMap<String, Object>();
        view.put("id", id);
        view.put("specJson", ExperimentSpec.defaults("dense").toJson());
        view.put("status", "COMPLETED");
        view.put("currentRound", 0);
        view.put("dataset", "CIFAR-10 (JPEG copy)");
        view.put("requestedAtMs", 1L);
        view.put("rounds", List.of(round));
        view.put("applied", List.of(id + "/experiment-completed"));
        store.putJson(StorageKeys.view(id), view);

        authed().get("/experiments/" + id).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("rounds[0].testAccuracy", equalTo(0.515625f)).body("spec.kind", equalTo(spec.get("kind")));
        // A view stored without the reporter is listed once it is indexed, as the next start does.
        startup.reindex();
        assertThat(authed().get("/experiments?status=COMPLETED&limit=500").jsonPath().getList("id", String.class))
                .as("newest first: requested at 1 ms, it is the last").endsWith(id);

        // Every applied event is written back: a submitted experiment's view is in storage at once.
        String fresh = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"rounds\":1}");
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, fresh, started(fresh).toByteArray());
            awaitView(fresh, v -> "RUNNING".equals(v.getString("status")));
        }
        var stored = io.alps.api.report.Json.parseObject(store.objects().get(StorageKeys.view(fresh)));
        assertThat(stored.get("status")).isEqualTo("RUNNING");
        assertThat(stored.get("dataset")).isEqualTo("CIFAR-10 (JPEG copy)");
        assertThat(stored.get("applied").toString()).contains(fresh + "/experiment-started");
    }

    @Test
    void specsNameARegisteredDataSetAndNeverAServerPath() {
        authed().get("/datasets").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem("tiny-fashion"))
                .body("find { it.name == 'tiny-fashion' }.kind", equalTo("fashion-mnist"))
                .body("find { it.name == 'tiny-fashion' }.shape", equalTo(List.of(1, 32, 32)))
                .body("find { it.name == 'tiny-fashion' }.classes", equalTo(10))
                .body("find { it.name == 'tiny-fashion' }.train", equalTo(60))
                .body("find { it.name == 'tiny-fashion' }.test", equalTo(20));
        given().get("/datasets").then().statusCode(401);
        String probe = authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"data\":\"/etc\"}")
                .post("/experiments").then().statusCode(400).body("errors[0]", equalTo(
                        "data: names a data set registered on the server (GET /datasets), not a path")).extract().asString();
        assertThat(probe).doesNotContain("/etc/");
        authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"data\":\"..\\\\x\"}").post("/experiments")
                .then().statusCode(400);
        authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"nope\"}")
                .post("/experiments").then().statusCode(400)
                .body("errors[0]", equalTo("data: no data set named 'nope'; registered: tiny-fashion"));
        authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"dataset\":\"cifar10\",\"data\":\"tiny-fashion\"}")
                .post("/experiments").then().statusCode(400)
                .body("errors[0]", equalTo("dataset: 'cifar10', but data set 'tiny-fashion' is fashion-mnist"));
        authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\","
                + "\"rounds\":0,\"epochs\":1}").post("/experiments").then().statusCode(202);
    }

    @Test
    void anUnreadableReportFailsTheExperimentItsKeyNamesInsteadOfStallingIt() throws Exception {
        String id = submit("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"rounds\":1}");
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, id, started(id).toByteArray());
            request(log, id, 0);
            log.send(Topics.ROUND_COMPLETED, id, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            ExperimentFailed decided = ExperimentFailed.parseFrom(
                    log.await(Topics.EXPERIMENT_FAILED, id, Duration.ofSeconds(30), r -> !r.isEmpty()).get(0).value());
            assertThat(decided.getReason()).isEqualTo(
                    "a report on alps.round-completed could not be read (it is not an event of that topic)");
        }
        awaitView(id, v -> "FAILED".equals(v.getString("status")));
    }

    @Test
    void servesItsOpenApiDocumentHealthAndMetrics() {
        authed().get("/q/openapi").then().statusCode(200).body(containsString("/experiments"))
                .body(containsString("/sweeps"));
        // Readiness covers object storage and the Kafka channels.
        authed().get("/q/health/ready").then().statusCode(200).body(containsString("object-storage"))
                .body(containsString("Reactive Messaging"));
        authed().get("/q/metrics").then().statusCode(200).body(containsString("http_server"))
                .body(containsString("alps_experiments{status=\"COMPLETED\"}"));
    }

    /** A request with the test profile's write token. */
    private static io.restassured.specification.RequestSpecification authed() {
        return given().header("Authorization", "Bearer test-write-token");
    }

    @Test
    void theApiWantsATokenAndAReadOnlyTokenCannotSubmit() {
        String spec = "{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"epochs\":1}";
        given().get("/experiments").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().contentType(ContentType.JSON).body(spec).post("/experiments").then().statusCode(401);
        given().get("/sweeps").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/experiments").then().statusCode(401);
        given().header("Authorization", "Bearer test-read-token").get("/experiments").then().statusCode(200);
        given().header("Authorization", "Bearer test-read-token").contentType(ContentType.JSON).body(spec)
                .post("/experiments").then().statusCode(403);
        given().header("Authorization", "Bearer test-read-token").contentType(ContentType.JSON).body("{}")
                .post("/sweeps").then().statusCode(403);
        // Orchestrators and Prometheus need no token.
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void requestsPastTheLimitsAreRefusedNamingTheLimitAndQueueNothing() {
        int before = ExperimentPages.allIds("test-write-token").size();
        List<String> errors = authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"epochs\":100000,"
                        + "\"rounds\":1000}").post("/experiments")
                .then().statusCode(400).extract().jsonPath().getList("errors", String.class);
        assertThat(errors).containsExactly("epochs: 100000 exceeds the limit of 200 (alps.limits.epochs)",
                "rounds: 1000 exceeds the limit of 50 (alps.limits.rounds)");
        // Each field within its own limit, but together too much training.
        assertThat(authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"epochs\":200,"
                        + "\"rounds\":50}").post("/experiments")
                .then().statusCode(400).extract().jsonPath().getList("errors", String.class))
                .anyMatch(e -> e.contains("alps.limits.image-epochs"));
        String seeds = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        List<String> sweepErrors = authed().contentType(ContentType.JSON)
                .body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"seed\":[" + seeds
                        + "],\"strategy\":[\"entropy\",\"margin\"]}").post("/sweeps")
                .then().statusCode(400).extract().jsonPath().getList("errors", String.class);
        assertThat(sweepErrors).containsExactly(
                "sweep: 200 experiments exceed the limit of 100 (alps.limits.sweep-members); fewer seeds or values");
        assertThat(ExperimentPages.allIds("test-write-token")).hasSize(before);
    }

    @Test
    void aRetriedSubmitWithTheSameIdempotencyKeyGetsTheSameExperiment() {
        String spec = "{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"initial\":100,\"budget\":10,\"rounds\":0,\"epochs\":1}";
        int before = ExperimentPages.allIds("test-write-token").size();
        String first = authed().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON).body(spec)
                .post("/experiments").then().statusCode(202).extract().path("id");
        String again = authed().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON).body(spec)
                .post("/experiments").then().statusCode(202).extract().path("id");
        assertThat(again).isEqualTo(first);
        assertThat(ExperimentPages.allIds("test-write-token")).hasSize(before + 1);
        String other = authed().header("Idempotency-Key", "retry-2").contentType(ContentType.JSON).body(spec)
                .post("/experiments").then().statusCode(202).extract().path("id");
        assertThat(other).isNotEqualTo(first);
        authed().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\"}")
                .post("/sweeps").then().statusCode(400).body(containsString("already used for a request to /experiments"));
    }

    @Test
    void aTokenWhoseQueueIsFullGets429AndNothingIsQueued() throws Exception {
        var queueToken = "Bearer test-queue-token";
        String sweep41 = "{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"epochs\":1,\"rounds\":0,\"seed\":["
                + java.util.stream.IntStream.rangeClosed(1, 41).mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",")) + "]}";
        int before = ExperimentPages.allIds("test-write-token").size();
        given().header("Authorization", queueToken).contentType(ContentType.JSON).body(sweep41).post("/sweeps")
                .then().statusCode(429).body(containsString("limit is 40 (alps.limits.queued-per-token)"));
        assertThat(ExperimentPages.allIds("test-write-token")).hasSize(before);
        given().header("Authorization", queueToken).contentType(ContentType.JSON)
                .body(sweep41.replace(",41]", "]")).post("/sweeps").then().statusCode(202);
        given().header("Authorization", queueToken).contentType(ContentType.JSON)
                .body("{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"epochs\":1,\"rounds\":0}").post("/experiments")
                .then().statusCode(429).body(containsString("this token has 40 experiments queued or running"));
        // Cancelling the sweep frees its places in the queue.
        String sweep = given().header("Authorization", queueToken).get("/sweeps").jsonPath()
                .getString("find { it.members == 40 }.id");
        JsonPath cancel = given().header("Authorization", queueToken).delete("/sweeps/" + sweep).then().statusCode(202)
                .extract().jsonPath();
        assertThat(cancel.getList("cancelled")).hasSize(40);
        await("the sweep shows CANCELLED").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "CANCELLED".equals(authed().get("/sweeps/" + sweep).jsonPath().getString("status")));
        assertThat(authed().get("/sweeps/" + sweep).jsonPath().getInt("cancelled")).isEqualTo(40);
        given().header("Authorization", queueToken).contentType(ContentType.JSON)
                .body("{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"epochs\":1,\"rounds\":0}").post("/experiments")
                .then().statusCode(202);
        authed().delete("/sweeps/no-such-sweep").then().statusCode(404);
        // Another token's queue is its own.
        authed().contentType(ContentType.JSON).body("{\"data\":\"tiny-fashion\",\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"epochs\":1,"
                + "\"rounds\":0}").post("/experiments").then().statusCode(202);
    }
}
