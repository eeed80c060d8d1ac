package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.infra.EmbeddedS3;
import io.alps.infra.TinyFashionMnist;
import io.alps.api.kind.Kinds;
import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.api.report.DirectorySink;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DatasetLoader;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as a user runs it: the packaged services as separate processes (three trainers
 * sharing the train requests as a Kafka share group), a real Kafka broker and a real S3 server,
 * experiments submitted over REST. Each registered experiment kind runs a tiny experiment; the
 * per-round results must equal ml-core's single-process runner's, also when a trainer is killed.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class StackEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXPERIMENT_TIMEOUT = Duration.ofMinutes(6);
    /** Every kind's experiment and the bigger networks at once on two shared cores: one deadline for them all. */
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(16);
    private static final int TRAINERS = 3;
    /** The registered data sets' names (their folders' names). */
    private static final String DATA = "tiny-fashion";
    private static final String VANISHING = "vanishing";
    private static Path work;
    private static long startedAtSeconds;
    private static Path data;
    private static LocalStack stack;
    private static ReporterClient reporter;

    @BeforeAll
    static void startStack() throws Exception {
        startedAtSeconds = System.currentTimeMillis() / 1000;
        work = Files.createTempDirectory("alps-stack-it");
        data = TinyFashionMnist.write(work.resolve(DATA), 500, 150, 5);
        // A second registered set whose files disappear before it is used: a step fails on it.
        Path vanishing = TinyFashionMnist.write(work.resolve(VANISHING), 20, 10, 5);
        Path root = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
        stack = LocalStack.start(StackConfig.freePorts(root, work, TRAINERS, "1200m")
                .withDataSets(StackData.register(List.of(data, vanishing))), Duration.ofMinutes(4));
        reporter = stack.reporter();
        Backend.init();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            long start = System.nanoTime();
            stack.close();
            // A stop leaves no service behind, within the 15 s a user waits after Ctrl-C.
            assertThat((System.nanoTime() - start) / 1e9).as("seconds to stop the stack").isLessThan(15);
            assertThat(stack.services()).noneMatch(ServiceProcess::isAlive);
        }
    }

    private static String spec(String kind, long seed) {
        return spec(kind, seed, 1);
    }

    private static String spec(String kind, long seed, int epochs) {
        return String.format("{\"kind\":\"%s\",\"dataset\":\"fashion-mnist\",\"data\":\"%s\",\"seed\":%d,"
                + "\"initial\":150,\"budget\":100,\"rounds\":2,\"epochs\":%d,\"batch\":32,\"trainLimit\":450,"
                + "\"testLimit\":120}", kind, DATA, seed, epochs);
    }

    /** The single-process run of the same spec: its round results and its labeled set per round. */
    private record Reference(List<RoundResult> rounds, Map<Integer, int[]> labels) {
    }

    /** Uploaded data sets' local folders, by name (the stack registers only the others). */
    private static final Map<String, Path> UPLOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Reference reference(String specJson) {
        ExperimentSpec spec = ExperimentSpec.fromJson(specJson);
        Path folder = UPLOADED.containsKey(spec.data()) ? UPLOADED.get(spec.data()) : stack.config().dataFolder(spec.data());
        var split = new DatasetLoader().load(DataRequest.of(spec, folder));
        Map<Integer, int[]> labels = new LinkedHashMap<>();
        List<RoundResult> rounds;
        try {
            rounds = new ExperimentRunner(spec, split, new DirectorySink(Files.createTempDirectory(work, "ref")),
                    new ExperimentRunner.Listener() {
                        @Override
                        public void onLabels(int round, int[] labeled) {
                            labels.put(round, labeled.clone());
                        }
                    }).run();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Reference(rounds, labels);
    }

    private static byte[] object(String key) throws Exception {
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.storageEndpoint())
                .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build();
             InputStream in = s3.getObject(GetObjectArgs.builder().bucket("alps").object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** Asserts the services' rounds equal the single-process run's, value for value; returns who trained each. */
    private static Set<String> assertSameAsOneProcess(String id, String specJson, JsonNode view) throws Exception {
        assertThat(view.path("status").asText()).as("experiment %s: %s", id, view).isEqualTo("COMPLETED");
        Reference ref = reference(specJson);
        JsonNode rounds = view.path("rounds");
        assertThat(rounds).hasSize(ref.rounds().size());
        Set<String> trainers = new HashSet<>();
        for (RoundResult expected : ref.rounds()) {
            JsonNode actual = rounds.get(expected.round());
            String what = id + " (" + ExperimentSpec.fromJson(specJson).kind() + ") round " + expected.round();
            assertThat(actual.path("labeled").asInt()).as(what).isEqualTo(expected.labeled());
            assertThat(actual.path("testAccuracy").asDouble()).as(what).isEqualTo(expected.testAccuracy());
            assertThat(actual.path("testLoss").asDouble()).as(what).isEqualTo(expected.testLoss());
            assertThat(actual.path("trainLoss").asDouble()).as(what).isEqualTo(expected.trainLoss());
            assertThat(actual.path("parameters").asLong()).as(what).isEqualTo(expected.parameters());
            assertThat(actual.path("macs").asLong()).as(what).isEqualTo(expected.macs());
            // Both sides as parsed JSON text, so 30735 is the same number whether it was an int or a long.
            assertThat(actual.path("extras")).as(what)
                    .isEqualTo(JSON.readTree(JSON.writeValueAsString(expected.extras())));
            int[] stored = JSON.readValue(object("experiments/" + id + "/round-" + expected.round() + "/labels.json"),
                    int[].class);
            assertThat(stored).as(what + " labeled set").isEqualTo(ref.labels().get(expected.round()));
            trainers.add(actual.path("trainedBy").asText());
        }
        assertThat(view.path("artifacts").toString()).contains("artifacts/active_learning_log.csv");
        return trainers;
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void everyKindRunsThroughTheServicesWithTheSingleProcessResultsAndEveryTrainerTrains() throws Exception {
        Map<String, String> specs = new LinkedHashMap<>();
        for (String kind : Kinds.names()) {
            specs.put(reporter.submit(spec(kind, 3)), spec(kind, 3));
        }
        // A network past LeNet-5 takes the same path (Conv-4: padded convolutions, 2.4 M parameters).
        String conv4 = spec("dense", 3).replace("{", "{\"architecture\":\"conv4\",");
        specs.put(reporter.submit(conv4), conv4);
        // A graph with residual sums (ResNet-18) through structured pruning: the pruner cuts its channel groups.
        // Tiny (one pruned round), since ResNet-18 trains at a few images per second on two shared cores.
        String resnet = String.format("{\"architecture\":\"resnet18\",\"kind\":\"lth\",\"dataset\":\"fashion-mnist\","
                + "\"data\":\"%s\",\"seed\":3,\"initial\":64,\"budget\":32,\"rounds\":1,\"epochs\":1,\"batch\":32,"
                + "\"trainLimit\":160,\"testLimit\":32}", DATA);
        specs.put(reporter.submit(resnet), resnet);
        // A stopping criterion ends edge-popup after round 1 of 2 (250 labels): no selection after it, and the
        // final comparison follows that round, as in one process.
        String stopped = spec("edge-popup", 3).replace("{", "{\"stopWhen\":\"label-budget\",\"labelBudget\":250,");
        specs.put(reporter.submit(stopped), stopped);
        // Six experiments at once for three trainers: the share group hands each request to an idle one.
        for (long seed = 4; specs.size() < 2 * TRAINERS; seed++) {
            specs.put(reporter.submit(spec("dense", seed)), spec("dense", seed));
        }
        long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
        Set<String> trainers = new HashSet<>();
        for (var entry : specs.entrySet()) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(30).toNanos()));
            JsonNode view = reporter.await(entry.getKey(), left, null);
            trainers.addAll(assertSameAsOneProcess(entry.getKey(), entry.getValue(), view));
            if (entry.getValue().equals(stopped)) {
                assertThat(view.path("totalRounds").asInt()).as("rounds of the stopped experiment").isEqualTo(2);
                assertThat(view.path("artifacts").toString()).contains("artifacts/" + io.alps.api.kind.popup.PopupComparisonReport.FINAL_SUBNET);
            }
        }
        assertThat(trainers).as("trainer instances that did work").hasSize(TRAINERS);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aTrainerKilledMidRoundHandsTheRoundToAnotherAndTheResultIsTheSame() throws Exception {
        String specJson = spec("dense", 11, 40);
        String id = reporter.submit(specJson);
        // Find the trainer that is training round 1 (its log names the experiment after each epoch), then SIGKILL it.
        String victim = trainerInRound(id, 1);
        assertThat(reporter.experiment(id).path("rounds").path(1).path("testAccuracy").isMissingNode())
                .as("killed while round 1 was still training").isTrue();
        stack.kill(victim);
        JsonNode view = reporter.await(id, EXPERIMENT_TIMEOUT, null);
        assertSameAsOneProcess(id, specJson, view);
        assertThat(view.path("rounds").get(1).path("trainedBy").asText()).as("round 1 was finished by another trainer")
                .isNotEqualTo(victim).startsWith("trainer-service");
        stack.restart(Duration.ofMinutes(2), victim);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aSweepRunsItsMembersAcrossTheTrainersAndReportsAsTheSingleProcessSweepDoes() throws Exception {
        String sweepJson = spec("dense", 3).replace("\"seed\":3", "\"seed\":[3,4,5]")
                .replace("{", "{\"controls\":[\"random-sampling\"],");
        JsonNode accepted = reporter.submitSweep(sweepJson);
        String id = accepted.path("id").asText();
        assertThat(accepted.path("experiments")).hasSize(6);
        JsonNode view = reporter.awaitSweep(id, EXPERIMENT_TIMEOUT, null);
        assertThat(view.path("status").asText()).as("sweep %s: %s", id, view).isEqualTo("COMPLETED");

        Set<String> trainers = new HashSet<>();
        for (JsonNode member : view.path("experiments")) {
            String experiment = member.path("experimentId").asText();
            reporter.experiment(experiment).path("rounds").forEach(r -> trainers.add(r.path("trainedBy").asText()));
        }
        assertThat(trainers).as("trainer instances that ran members of the sweep").hasSizeGreaterThan(1);

        // The same sweep in one process: the services' aggregate report must say exactly the same.
        var sweep = io.alps.api.sweep.SweepJson.parse(sweepJson);
        ExperimentSpec first = sweep.expand().get(0).spec();
        var split = new DatasetLoader().load(DataRequest.of(first, stack.config().dataFolder(first.data())));
        Path local = Files.createTempDirectory(work, "sweep");
        new io.alps.ml.sweep.SweepRunner(sweep, m -> split, local, null, 1).run(null);
        for (String file : List.of(io.alps.api.sweep.SweepReport.COMPARISONS_TEXT, io.alps.api.sweep.SweepReport.SUMMARY,
                io.alps.api.sweep.SweepReport.ROUNDS)) {
            assertThat(new String(object("sweeps/" + id + "/report/" + file), java.nio.charset.StandardCharsets.UTF_8))
                    .as(file).isEqualTo(Files.readString(local.resolve(file)));
        }
        assertThat(view.path("comparisons").get(0).asText()).startsWith("dense least-confidence vs dense random: ");
    }

    /** Waits until a trainer's log shows {@code id} training {@code round} past its second epoch; returns that trainer. */
    private static String trainerInRound(String id, int round) {
        String line = id + " round " + round + " epoch 2:";
        return await("round " + round + " of " + id + " past its second epoch").atMost(EXPERIMENT_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stack.services().stream().filter(s -> s.name().startsWith("trainer-service"))
                        .filter(s -> logContains(s, line)).map(ServiceProcess::name).findFirst(),
                        java.util.Optional::isPresent).get();
    }

    /** The last epoch of {@code round} of {@code id} the trainer's log reports, 0 before the first. */
    private static int lastEpoch(ServiceProcess trainer, String id, int round) {
        var m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(id) + " round " + round + " epoch (\\d+):")
                .matcher(readLog(trainer));
        int last = 0;
        while (m.find()) {
            last = Math.max(last, Integer.parseInt(m.group(1)));
        }
        return last;
    }

    private static String readLog(ServiceProcess s) {
        try {
            return Files.readString(s.log());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean logContains(ServiceProcess s, String text) {
        return readLog(s).contains(text);
    }

    /** How many times any trainer started training each round of {@code id} (its first epoch), by round. */
    private static Map<Integer, Long> roundsTrained(String id) throws Exception {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        var line = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(id) + " round (\\d+) epoch 1:");
        for (ServiceProcess s : stack.services()) {
            if (s.name().startsWith("trainer-service")) {
                var m = line.matcher(Files.readString(s.log()));
                while (m.find()) {
                    counts.merge(Integer.parseInt(m.group(1)), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static boolean stored(String key) throws Exception {
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.storageEndpoint())
                .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build()) {
            s3.statObject(io.minio.StatObjectArgs.builder().bucket("alps").object(key).build());
            return true;
        } catch (io.minio.errors.ErrorResponseException e) {
            return false;
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void aCancelStopsTheExperimentInTheMiddleOfARoundAndKeepsItsFinishedRounds() throws Exception {
        String id = reporter.submit(spec("dense", 12, 40));
        String trainer = trainerInRound(id, 1);
        var answer = reporter.cancel(id);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode view = reporter.await(id, EXPERIMENT_TIMEOUT, null);
        assertThat(view.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(view.path("rounds").get(0).path("testAccuracy").isNumber()).as("round 0 stays readable").isTrue();
        ServiceProcess trainerProcess = stack.services().stream().filter(s -> s.name().equals(trainer)).findFirst()
                .orElseThrow();
        await("the trainer stops round 1").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> logContains(trainerProcess, "train r1 of " + id + ": stopped, the experiment was cancelled"));
        String epochs = Files.readString(trainerProcess.log());
        assertThat(epochs).as("stopped well before its 40 epochs").doesNotContain(id + " round 1 epoch 40:");
        assertThat(stored("experiments/" + id + "/round-1/trained.state")).as("no result of the cancelled round").isFalse();
        assertThat(reporter.experiment(id).path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void theReporterSelectorAndPrunerKilledMidRoundAndRestartedGiveTheSameResultAndKeepTheViews() throws Exception {
        String earlier = reporter.ids().get(0);
        JsonNode before = reporter.experiment(earlier);
        String specJson = spec("lth", 13, 25);
        String id = reporter.submit(specJson);
        String trainer = trainerInRound(id, 1);
        ServiceProcess training = stack.services().stream().filter(s -> s.name().equals(trainer)).findFirst()
                .orElseThrow();
        for (String name : List.of("reporter-service", "selector-service", "pruner-service")) {
            stack.kill(name);
        }
        // They stay down while the round goes on: the trainer finishes another epoch meanwhile.
        int epochsAtKill = lastEpoch(training, id, 1);
        await("the trainer goes on while the others are down").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100)).until(() -> lastEpoch(training, id, 1) > epochsAtKill);
        stack.restart(Duration.ofMinutes(2), "reporter-service", "selector-service", "pruner-service");

        JsonNode view = reporter.await(id, EXPERIMENT_TIMEOUT, null);
        assertSameAsOneProcess(id, specJson, view);
        assertThat(roundsTrained(id)).as("every round trained once").containsOnly(
                Map.entry(0, 1L), Map.entry(1, 1L), Map.entry(2, 1L));
        // What the reporter showed before its crash it shows after, from object storage.
        assertThat(reporter.experiment(earlier)).isEqualTo(before);
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    void aStepThatFailsShowsTheExperimentAsFailedWithTheReasonAndNoServerPath() throws Exception {
        try (var files = Files.list(work.resolve(VANISHING))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        String id = reporter.submit(spec("dense", 3).replace("\"data\":\"" + DATA, "\"data\":\"" + VANISHING));
        JsonNode view = reporter.await(id, EXPERIMENT_TIMEOUT, null);
        assertThat(view.path("status").asText()).isEqualTo("FAILED");
        assertThat(view.path("failureReason").asText()).contains("selector-service").contains("no Fashion-MNIST IDX files")
                .doesNotContain(work.toString());
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void restartsOfTheS3ServerAndOfTheBrokerMidRoundDelayTheExperimentButChangeNoResult() throws Exception {
        String specJson = spec("dense", 14, 25);
        String id = reporter.submit(specJson);
        trainerInRound(id, 1);
        stack.restartStorage(Duration.ofSeconds(5));
        trainerInRound(id, 2);
        stack.restartBroker(Duration.ofSeconds(5));
        JsonNode view = reporter.await(id, EXPERIMENT_TIMEOUT, null);
        assertSameAsOneProcess(id, specJson, view);
        // The broker loses the share group's locks: the round in training goes to a second trainer,
        // which finds the first one's live claim and waits for its result.
        assertThat(roundsTrained(id)).as("every round trained once").containsOnly(
                Map.entry(0, 1L), Map.entry(1, 1L), Map.entry(2, 1L));
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void twentyTinyExperimentsAtOnceOverTwoTrainersAllCompleteOnceEach() throws Exception {
        stack.kill("trainer-service-3");
        try {
            long t0 = System.nanoTime();
            Map<String, String> specs = new LinkedHashMap<>();
            for (long seed = 100; seed < 120; seed++) {
                String tiny = String.format("{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"%s\","
                        + "\"seed\":%d,\"initial\":40,\"budget\":20,\"rounds\":1,\"epochs\":1,\"batch\":32,"
                        + "\"trainLimit\":120,\"testLimit\":40}", DATA, seed);
                specs.put(reporter.submit(tiny), tiny);
            }
            long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
            for (var entry : specs.entrySet()) {
                Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(30).toNanos()));
                JsonNode view = reporter.await(entry.getKey(), left, null);
                assertThat(view.path("status").asText()).as("%s: %s", entry.getKey(), view).isEqualTo("COMPLETED");
                assertThat(roundsTrained(entry.getKey())).as("every round trained once")
                        .containsOnly(Map.entry(0, 1L), Map.entry(1, 1L));
            }
            System.out.printf("20 tiny experiments over two trainers: %.1f s from the first submit to the last "
                    + "completion%n", (System.nanoTime() - t0) / 1e9);
            // Spot check: the same results as one process.
            var first = specs.entrySet().iterator().next();
            assertSameAsOneProcess(first.getKey(), first.getValue(), reporter.experiment(first.getKey()));
        } finally {
            stack.restart(Duration.ofMinutes(2), "trainer-service-3");
        }
    }

    @Test
    @org.junit.jupiter.api.Order(8)
    void anInvalidSpecIsRefusedNamingEachBadFieldAndNoTokenNoEntry() throws Exception {
        var response = postSpec("{\"kind\":\"dense\",\"epochs\":0,\"lr\":-1}", stack.apiToken());
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        assertThat(errors.toString()).contains("epochs:").contains("lr:");
        // The requests a stranger tried: a server path as data, an enormous sweep.
        response = postSpec(spec("dense", 3).replace("\"data\":\"" + DATA, "\"data\":\"/etc"), stack.apiToken());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not a path").doesNotContain("/etc");
        var datasets = new java.net.http.HttpRequest[] {java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(stack.reporterUrl() + "/datasets")).header("Authorization", "Bearer " + stack.apiToken())
                .build()};
        JsonNode sets = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(datasets[0],
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(sets.findValuesAsText("name")).contains(DATA);
        assertThat(postSpec(spec("dense", 3), null).statusCode()).as("without a token").isEqualTo(401);
        assertThat(postSpec(spec("dense", 3), "guessed").statusCode()).as("with a wrong token").isEqualTo(401);
        assertThat(Files.readString(work.resolve("api-token")).strip()).isEqualTo(stack.apiToken());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                work.resolve("api-token")))).isEqualTo("rw-------");
        // Nothing answers beyond loopback.
        int port = java.net.URI.create(stack.reporterUrl()).getPort();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    try (var socket = new java.net.Socket()) {
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                                new java.net.InetSocketAddress(address, port), 1000)).as("reporter on " + address)
                                .isInstanceOf(java.io.IOException.class);
                    }
                }
            }
        }
    }

    private static java.net.http.HttpResponse<String> postSpec(String body, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.reporterUrl() + "/experiments"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Grafana cannot be installed here, so the dashboards are checked where it matters: every
     * panel's PromQL, evaluated by a real Prometheus that scraped the services during the runs
     * above, returns data. Runs last, after a completed experiment of every kind and a failed one.
     */
    @Test
    @org.junit.jupiter.api.Order(10)
    void everyDashboardPanelQueryReturnsDataFromPrometheus() throws Exception {
        java.util.Optional<String> prometheus = stack.prometheusUrl();
        if (prometheus.isEmpty()) {
            assertThat(System.getenv("CI")).as("CI installs Prometheus; this check must run there").isNull();
            org.junit.jupiter.api.Assumptions.abort("Prometheus is not installed (apt-get install prometheus)");
        }
        Path dashboards = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath().resolve("deploy/grafana/dashboards");
        List<String> empty = new ArrayList<>();
        int queries = 0;
        try (var files = Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode board = JSON.readTree(file.toFile());
                assertThat(board.path("schemaVersion").asInt()).as(file + " schemaVersion").isGreaterThanOrEqualTo(36);
                assertThat(board.path("uid").asText()).as(file + " uid").isNotBlank();
                for (JsonNode panel : board.path("panels")) {
                    assertThat(panel.path("datasource").path("uid").asText()).as(file + ": " + panel.path("title"))
                            .isEqualTo("alps-prometheus");
                    for (JsonNode target : panel.path("targets")) {
                        queries++;
                        String expr = target.path("expr").asText();
                        if (!returnsData(prometheus.get(), expr, Duration.ofSeconds(45))) {
                            empty.add(file.getFileName() + " / " + panel.path("title").asText() + ": " + expr);
                        }
                    }
                }
            }
        }
        assertThat(queries).as("panel queries found").isGreaterThan(10);
        assertThat(empty).as("panel queries that returned no data").isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Order(11)
    void anExperimentLabelledByPeopleWaitsForEachRoundsAnswersAcrossARestartAndGivesTheDatasetOraclesRounds()
            throws Exception {
        String byDataset = spec("dense", 17);
        String byPeople = byDataset.replace("{", "{\"oracle\":\"human\",");
        String id = reporter.submit(byPeople);
        // The people here answer with the labels the data set has, which the experiment itself never sees.
        var train = new DatasetLoader().load(DataRequest.of(ExperimentSpec.fromJson(byDataset),
                stack.config().dataFolder(DATA))).train();
        Map<Integer, Integer> askedPerRound = new LinkedHashMap<>();
        long deadline = System.nanoTime() + EXPERIMENT_TIMEOUT.toNanos();
        JsonNode view = reporter.experiment(id);
        while (!Set.of("COMPLETED", "FAILED", "CANCELLED").contains(view.path("status").asText())) {
            assertThat(System.nanoTime()).as("%s still %s", id, view.path("status")).isLessThan(deadline);
            JsonNode q = reporter.queries(id);
            if (q.path("round").isNull() || q.path("queries").isEmpty()) {
                Thread.sleep(200);
                view = reporter.experiment(id);
                continue;
            }
            int round = q.path("round").asInt();
            assertThat(reporter.experiment(id).path("status").asText()).isEqualTo("AWAITING_LABELS");
            if (round == 1 && !askedPerRound.containsKey(1)) {
                // It waits for people across a restart of the lifecycle's owner: the same questions come back.
                stack.kill("reporter-service");
                stack.restart(Duration.ofMinutes(2), "reporter-service");
                assertThat(reporter.queries(id)).isEqualTo(q);
            }
            List<Integer> open = new ArrayList<>();
            q.path("queries").forEach(s -> open.add(s.path("sampleId").asInt()));
            askedPerRound.put(round, q.path("asked").asInt());
            byte[] png = download(q.path("queries").get(0).path("image").asText());
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(train.shape().width());
            // A bad answer is refused naming it, and nothing of that request is kept.
            var refused = reporter.answer(id, Map.of(open.get(0), "not-a-class", open.get(1), "coat"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("sample " + open.get(0)).contains("not-a-class");
            assertThat(reporter.queries(id).path("queries")).hasSize(open.size());
            // Part of the answers, then all of them (the first part again: answering twice changes nothing).
            Map<Integer, String> half = new LinkedHashMap<>();
            Map<Integer, String> all = new LinkedHashMap<>();
            for (int i = 0; i < open.size(); i++) {
                String label = train.classNames().get(train.label(open.get(i)));
                all.put(open.get(i), label);
                if (i < open.size() / 2) {
                    half.put(open.get(i), label);
                }
            }
            var partly = reporter.answer(id, half);
            assertThat(partly.statusCode()).as(partly.body()).isEqualTo(200);
            assertThat(JSON.readTree(partly.body()).path("answered").asInt()).isEqualTo(open.size() / 2);
            assertThat(reporter.experiment(id).path("status").asText()).isEqualTo("AWAITING_LABELS");
            var rest = reporter.answer(id, all);
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
            view = reporter.experiment(id);
        }
        assertThat(askedPerRound).as("queries per round: the initial set, then each round's selection")
                .isEqualTo(Map.of(0, 150, 1, 100, 2, 100));
        assertSameAsOneProcess(id, byDataset, reporter.await(id, EXPERIMENT_TIMEOUT, null));
        String labels = new String(download("/experiments/" + id + "/labels.csv"));
        assertThat(labels.lines().skip(1).count()).as("labels.csv rows").isEqualTo(350);
    }

    @Test
    @org.junit.jupiter.api.Order(12)
    void anUploadedImageFolderAt96PixelsIsUnpackedByTheServicesAndGivesTheSingleProcessRounds() throws Exception {
        Path tree = io.alps.infra.TinyImageFolder.write(work.resolve("uploaded").resolve("shapes"), 40, 10, 7);
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.reporterUrl() + "/datasets?name=shapes"))
                        .header("Authorization", "Bearer " + stack.apiToken()).header("Content-Type", "application/zip")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(io.alps.infra.TinyImageFolder.zip(tree)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        UPLOADED.put("shapes", tree);
        // At 96 px: the services bring the images to the spec's side as one process does.
        String specJson = "{\"kind\":\"dense\",\"dataset\":\"folder\",\"data\":\"shapes\",\"seed\":2,\"initial\":30,"
                + "\"budget\":30,\"rounds\":1,\"epochs\":2,\"batch\":16,\"imageSize\":96}";
        String id = reporter.submit(specJson);
        assertSameAsOneProcess(id, specJson, reporter.await(id, EXPERIMENT_TIMEOUT, null));
        assertThat(new String(download("/experiments/" + id + "/artifacts/manifest.csv"))).contains("train/circle/train-000.png");
    }

    private static byte[] download(String path) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.reporterUrl() + path)).header("Authorization", "Bearer " + stack.apiToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        return r.body();
    }

    private static boolean returnsData(String prometheus, String expr, Duration patience) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        try {
            await(expr + " returns data").atMost(patience).pollInterval(Duration.ofSeconds(2)).until(() -> {
                // As a Grafana panel asks: the series over the dashboard's time range (here: since the stack
                // started), so a gauge of an experiment that finished before a reporter restart still counts.
                long now = System.currentTimeMillis() / 1000;
                var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(prometheus
                        + "/api/v1/query_range?step=15&start=" + startedAtSeconds + "&end=" + now + "&query="
                        + java.net.URLEncoder.encode(expr, java.nio.charset.StandardCharsets.UTF_8))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(response.body());
                return "success".equals(body.path("status").asText()) && body.path("data").path("result").size() > 0;
            });
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }
}
