package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A network stored without its plan gives the plan back: layers, wiring, widths, image and architecture. */
class RecoveredPlansTest {
    private static final ImageShape CIFAR = new ImageShape(3, 32, 32);

    private static NetworkPlan recovered(NetworkPlan plan) {
        return RecoveredPlans.of(NetworkBuilder.configuration(plan, 1e-3, 1, new StandardLayers()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "conv2", "conv4", "conv6"})
    void everyArchitectureWithADenseLayerOnImagesComesBackAsItsPlan(String architecture) {
        NetworkPlan plan = Architectures.get(architecture).plan(CIFAR, 10);
        assertThat(recovered(plan)).isEqualTo(plan);
    }

    @Test
    void prunedWidthsAndOtherImagesComeBackWithTheArchitecturesName() {
        NetworkPlan plan = Architectures.get("conv4").plan(new ImageShape(1, 28, 20), 7).withWidth(0, 23).withWidth(6, 100);
        assertThat(recovered(plan)).isEqualTo(plan);
    }

    /** VGG and ResNet end in global average pooling: no layer's size depends on the image's. */
    @ParameterizedTest
    @ValueSource(strings = {"vgg11", "resnet18"})
    void aNetworkThatKeepsNoImageSizeSaysSo(String architecture) {
        NetworkPlan plan = Architectures.get(architecture).plan(CIFAR, 10);
        assertThatThrownBy(() -> recovered(plan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not record the image size");
    }
}
