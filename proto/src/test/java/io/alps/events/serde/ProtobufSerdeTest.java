package io.alps.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.events.v1.EpochMetrics;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundKeys;
import io.alps.events.v1.TrainRequested;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ProtobufSerdeTest {
    @Test
    void anEventSurvivesTheWireUnchanged() {
        ModelTrained event = ModelTrained.newBuilder().setEventId("e1/model-trained/r2").setExperimentId("e1")
                .setRound(2).setKeys(RoundKeys.newBuilder().setCheckpointKey("experiments/e1/round-2/trained.model"))
                .setTestAccuracy(0.4321)
                .addEpochs(EpochMetrics.newBuilder().setEpoch(1).setTrainLoss(2.1)).build();
        byte[] bytes = new ProtobufSerializer().serialize("t", event);
        assertThat(new ModelTrainedDeserializer().deserialize("t", bytes)).isEqualTo(event);
    }

    @Test
    void garbageIsRejectedWithTheTopicAndTypeNamed() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertThatThrownBy(() -> new TrainRequestedDeserializer().deserialize("alps.train-requested", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("alps.train-requested").hasMessageContaining("TrainRequested");
    }

    @Test
    void aTombstoneStaysNull() {
        assertThat(new TrainRequestedDeserializer().deserialize("t", null)).isNull();
        assertThat(new ProtobufSerializer().serialize("t", (TrainRequested) null)).isNull();
    }
}
