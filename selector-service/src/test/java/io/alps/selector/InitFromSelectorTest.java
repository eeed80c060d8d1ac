package io.alps.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.spec.ExperimentSpec;
import io.alps.events.Topics;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.StepFailed;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import io.alps.ml.onnx.OnnxExporter;
import io.alps.service.engine.testing.MlServiceTestBase;
import io.alps.service.model.ModelInfo;
import io.alps.service.model.ModelUploads;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A spec's {@code initFrom} in the services names an uploaded model: the selector's theta0 is the
 * network one process starts from with the same file given by its path.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class InitFromSelectorTest extends MlServiceTestBase {
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = tinyData("alps-initfrom-data", 200, 60, 17);
    }

    private ExperimentSpec spec(int seed) {
        return dense(data, Map.of("seed", seed, "initial", 20, "budget", 10, "rounds", 1, "epochs", 1));
    }

    private NetworkState theta0(String id, ExperimentSpec spec, EventLog log) throws Exception {
        log.send(Topics.EXPERIMENT_REQUESTED, id, ExperimentRequested.newBuilder().setEventId(id + "/requested")
                .setExperimentId(id).setSpecJson(spec.toJson()).setSpecKey(store.putSpec(id, spec)).build().toByteArray());
        ExperimentStarted started = ExperimentStarted.parseFrom(
                log.await(Topics.EXPERIMENT_STARTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
        return networks.get(started.getTheta0Key());
    }

    @Test
    void theta0FromAnUploadedCheckpointOrOnnxModelIsTheOneProcessNetworkFromTheSameFile() throws Exception {
        DataSplit split = new DatasetLoader().load(DataRequest.of(spec(5)));
        // A network of another seed, trained a little: the weights the experiment starts from.
        RoundSteps other = new RoundSteps(spec(99), split);
        NetworkState pretrained = other.initialNetwork();
        other.train(0, pretrained, other.initialLabels(), null);
        Path dir = Files.createTempDirectory("alps-initfrom");
        Path checkpoint = Files.write(dir.resolve("final_model.zip"), NetworkStateCodec.toBytes(pretrained));
        Path onnx = Files.write(dir.resolve("model.onnx"),
                OnnxExporter.model(pretrained.plan(), pretrained.network()).toByteArray());

        ModelUploads models = Arc.container().instance(ModelUploads.class).get();
        String zipName = "pre-zip-" + UUID.randomUUID().toString().substring(0, 8);
        String onnxName = "pre-onnx-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(upload(models, zipName, checkpoint).kind()).isEqualTo("zip");
        assertThat(upload(models, onnxName, onnx).kind()).isEqualTo("onnx");

        NetworkState seededOnly = new RoundSteps(spec(5), split).initialNetwork();
        try (EventLog log = new EventLog(bootstrap)) {
            for (var named : Map.of(zipName, checkpoint, onnxName, onnx).entrySet()) {
                NetworkState services = theta0("init-" + UUID.randomUUID(), spec(5).with(Map.of("initFrom", named.getKey())), log);
                NetworkState oneProcess = new RoundSteps(spec(5).with(Map.of("initFrom", named.getValue().toString())), split)
                        .initialNetwork();
                assertThat(services.network().params()).as(named.getKey()).isEqualTo(oneProcess.network().params());
                assertThat(services.network().params()).as("the uploaded weights were loaded")
                        .isNotEqualTo(seededOnly.network().params());
            }
        }
    }

    @Test
    void aSpecNamingAModelThatIsGoneFailsTheExperimentNamingIt() throws Exception {
        String id = "init-gone-" + UUID.randomUUID();
        try (EventLog log = new EventLog(bootstrap)) {
            ExperimentSpec spec = spec(5).with(Map.of("initFrom", "deleted-model"));
            log.send(Topics.EXPERIMENT_REQUESTED, id, ExperimentRequested.newBuilder().setEventId(id + "/requested")
                    .setExperimentId(id).setSpecJson(spec.toJson()).setSpecKey(store.putSpec(id, spec)).build().toByteArray());
            StepFailed failed = StepFailed.parseFrom(log.await(Topics.STEP_FAILED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(failed.getReason()).contains("initFrom: no model named 'deleted-model'");
        }
    }

    private static ModelInfo upload(ModelUploads models, String name, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return models.store(name, in, Long.MAX_VALUE);
        }
    }
}
