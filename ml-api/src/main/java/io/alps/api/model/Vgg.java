package io.alps.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * VGG-11 and VGG-16 in their common CIFAR form: 3x3 convolutions (padding 1) each followed by batch
 * norm and ReLU, five 2x2 max-pools, global average pooling, then one dense layer from the 512
 * features to the classes (so any side of 32 or more gives the same classifier).
 */
public final class Vgg implements Architecture {
    /** Filters per convolution, 0 for a max-pool. */
    private static final int[] VGG11 = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    private static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

    private final int depth;
    private final int[] config;

    public Vgg(int depth) {
        this.depth = depth;
        this.config = switch (depth) {
            case 11 -> VGG11;
            case 16 -> VGG16;
            default -> throw new IllegalArgumentException("VGG exists here for depth 11 and 16, got " + depth);
        };
    }

    @Override
    public String name() {
        return "vgg" + depth;
    }

    @Override
    public NetworkPlan plan(ImageShape input, int numClasses) {
        if (Math.min(input.height(), input.width()) < 32) {
            throw new IllegalArgumentException(name() + " needs images of at least 32x32 (five 2x2 pools), got " + input);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int filters : config) {
            if (filters == 0) {
                layers.add(new LayerSpec.MaxPool(2));
            } else {
                layers.add(new LayerSpec.Conv(filters, 3, 1, false));
                layers.add(new LayerSpec.BatchNorm());
            }
        }
        // At 32x32 the pools leave 1x1 and this is the identity; larger images keep the classifier's 512 inputs.
        layers.add(new LayerSpec.GlobalAvgPool());
        return new NetworkPlan(name(), input, layers, numClasses);
    }
}
