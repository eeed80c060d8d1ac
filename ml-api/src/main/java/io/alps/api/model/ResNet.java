package io.alps.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-18 in its common CIFAR form: a 3x3 stem convolution of 64 filters with batch norm and ReLU,
 * then {@link #stages the four stages of basic blocks}, global average pooling and one dense layer to
 * the classes. Convolutions have no bias (batch norm follows). {@link ResNetImageNet} shares the
 * stages behind torchvision's larger stem.
 */
public final class ResNet implements Architecture {
    private static final int[] STAGE_FILTERS = {64, 128, 256, 512};
    private static final int BLOCKS_PER_STAGE = 2;
    /** Channels the stem hands to the first stage. */
    static final int STEM_FILTERS = 64;

    @Override
    public String name() {
        return "resnet18";
    }

    @Override
    public NetworkPlan plan(ImageShape input, int numClasses) {
        if (Math.min(input.height(), input.width()) < 8) {
            throw new IllegalArgumentException(name() + " needs images of at least 8x8 (three stride-2 stages), got " + input);
        }
        Wiring w = new Wiring();
        int x = w.convBn(STEM_FILTERS, 3, 1, NetworkPlan.INPUT, true);
        return stages(w, x, name(), input, numClasses);
    }

    /**
     * Appends ResNet-18's four stages of two basic blocks (64, 128, 256, 512 filters; the first block
     * of stages 2-4 halves the image with stride 2 and reaches the sum through a 1x1 projection with
     * batch norm) to the stem ending at layer {@code stem} of {@value #STEM_FILTERS} channels, then
     * global average pooling; the plan's output layer reads that.
     */
    static NetworkPlan stages(Wiring w, int stem, String name, ImageShape input, int numClasses) {
        int x = stem;
        int channels = STEM_FILTERS;
        for (int stage = 0; stage < STAGE_FILTERS.length; stage++) {
            int filters = STAGE_FILTERS[stage];
            for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                int a = w.convBn(filters, 3, stride, x, true);
                int b = w.convBn(filters, 3, 1, a, false);
                int shortcut = stride != 1 || channels != filters ? w.convBn(filters, 1, stride, x, false) : x;
                x = w.add(new LayerSpec.Add(), List.of(b, shortcut));
                channels = filters;
            }
        }
        w.add(new LayerSpec.GlobalAvgPool(), List.of(x));
        return new NetworkPlan(name, input, w.layers, w.inputs, numClasses);
    }

    /** Appends layers with their inputs; returns each new layer's index. */
    static final class Wiring {
        final List<LayerSpec> layers = new ArrayList<>();
        final List<List<Integer>> inputs = new ArrayList<>();

        int add(LayerSpec spec, List<Integer> from) {
            layers.add(spec);
            inputs.add(from);
            return layers.size() - 1;
        }

        /** A bias-free convolution (padding keeps the side at stride 1) and its batch norm; returns the batch norm. */
        int convBn(int filters, int kernel, int stride, int from, boolean relu) {
            int conv = add(new LayerSpec.Conv(filters, kernel, kernel / 2, true, stride), List.of(from));
            return add(new LayerSpec.BatchNorm(relu), List.of(conv));
        }
    }
}
