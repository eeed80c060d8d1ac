package io.alps.api.model;

import java.util.List;

/**
 * ResNet-18 as torchvision lays it out for ImageNet: a 7x7 stride-2 stem convolution of 64 filters
 * (padding 3, no bias) with batch norm and ReLU, a 3x3 stride-2 max pool with padding 1, then the
 * same stages, pooling and classifier as {@link ResNet}. The stem divides the side by 4 before the
 * stages divide it by 8 more, so it is made for images of 64 pixels and more.
 */
public final class ResNetImageNet implements Architecture {
    /** The smallest side accepted: the last stage then still sees 2x2. */
    public static final int MIN_SIDE = 64;

    @Override
    public String name() {
        return "resnet18-imagenet";
    }

    @Override
    public NetworkPlan plan(ImageShape input, int numClasses) {
        if (Math.min(input.height(), input.width()) < MIN_SIDE) {
            throw new IllegalArgumentException(name() + " needs images of at least " + MIN_SIDE + "x" + MIN_SIDE
                    + " (its stem and stages divide the side by 32; use resnet18 for smaller images), got " + input);
        }
        ResNet.Wiring w = new ResNet.Wiring();
        int stem = w.convBn(ResNet.STEM_FILTERS, 7, 2, NetworkPlan.INPUT, true);
        int pool = w.add(new LayerSpec.MaxPool(3, 2, 1), List.of(stem));
        return ResNet.stages(w, pool, name(), input, numClasses);
    }
}
