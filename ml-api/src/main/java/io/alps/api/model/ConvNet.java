package io.alps.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Conv-2, Conv-4 and Conv-6 (Frankle & Carbin 2019; the edge-popup paper's small networks): 3x3
 * convolutions with padding 1 and ReLU, a 2x2 max-pool after each pair, with 64-64, then 128-128,
 * then 256-256 filters, then dense 256, 256 and the output layer.
 */
public final class ConvNet implements Architecture {
    private final int convs;

    public ConvNet(int convs) {
        if (convs != 2 && convs != 4 && convs != 6) {
            throw new IllegalArgumentException("Conv-N exists for N = 2, 4, 6, got " + convs);
        }
        this.convs = convs;
    }

    @Override
    public String name() {
        return "conv" + convs;
    }

    @Override
    public NetworkPlan plan(ImageShape input, int numClasses) {
        int pools = convs / 2;
        int side = Math.min(input.height(), input.width());
        if (side >> pools < 1) {
            throw new IllegalArgumentException(name() + " needs images of at least " + (1 << pools) + "x" + (1 << pools)
                    + ", got " + input);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int pair = 0; pair < pools; pair++) {
            int filters = 64 << pair;
            layers.add(new LayerSpec.Conv(filters, 3, 1, false));
            layers.add(new LayerSpec.Conv(filters, 3, 1, false));
            layers.add(new LayerSpec.MaxPool(2));
        }
        layers.add(new LayerSpec.Dense(256));
        layers.add(new LayerSpec.Dense(256));
        return new NetworkPlan(name(), input, layers, numClasses);
    }
}
