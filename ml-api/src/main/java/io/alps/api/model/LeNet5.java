package io.alps.api.model;

import io.alps.api.model.ImageShape;
import java.util.List;

/**
 * LeNet-5: conv 6@5x5, max-pool 2, conv 16@5x5, max-pool 2, dense 120, dense 84, softmax. With
 * ReLU activations as in modern re-implementations. 62,006 parameters for 3x32x32 input.
 */
public final class LeNet5 implements Architecture {
    public static final String NAME = "lenet5";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkPlan plan(ImageShape input, int numClasses) {
        int side = Math.min(input.height(), input.width());
        if (side < 16) {
            throw new IllegalArgumentException("LeNet-5 needs images of at least 16x16, got " + input);
        }
        return new NetworkPlan(NAME, input, List.of(
                new LayerSpec.Conv(6, 5), new LayerSpec.MaxPool(2),
                new LayerSpec.Conv(16, 5), new LayerSpec.MaxPool(2),
                new LayerSpec.Dense(120), new LayerSpec.Dense(84)), numClasses);
    }
}
