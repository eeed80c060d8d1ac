package io.alps.api.model;

/**
 * One hidden layer of a {@link NetworkPlan}; the softmax output layer is implied by the class count.
 * Which layers feed a layer is the plan's business (a chain unless the plan says otherwise).
 */
public sealed interface LayerSpec {

    /**
     * Convolution with {@code filters} square kernels of side {@code kernel}, stride {@code stride},
     * zero padding {@code padding} on each side, ReLU (after the batch norm when one follows).
     * {@code withoutBias} where a batch norm follows (its shift does the bias's work).
     */
    record Conv(int filters, int kernel, int padding, boolean withoutBias, int stride) implements LayerSpec {
        public Conv {
            if (filters < 1 || kernel < 1 || padding < 0 || stride < 1) {
                throw new IllegalArgumentException("conv needs filters >= 1, kernel >= 1, padding >= 0 and stride >= 1, got "
                        + filters + ", " + kernel + ", " + padding + ", " + stride);
            }
        }

        public Conv(int filters, int kernel, int padding, boolean withoutBias) {
            this(filters, kernel, padding, withoutBias, 1);
        }

        /** A valid (unpadded) convolution with a bias, as LeNet-5's. */
        public Conv(int filters, int kernel) {
            this(filters, kernel, 0, false, 1);
        }

        public Conv withFilters(int n) {
            return new Conv(n, kernel, padding, withoutBias, stride);
        }

        /** Output side for an input side {@code in} (DL4J's truncating rule). */
        public int outputSide(int in) {
            return (in + 2 * padding - kernel) / stride + 1;
        }
    }

    /**
     * Batch normalisation of the channels of the layer before it (its width is that layer's), then
     * ReLU unless {@code relu} is false (a residual branch adds first and applies the ReLU after).
     */
    record BatchNorm(boolean relu) implements LayerSpec {
        public BatchNorm() {
            this(true);
        }
    }

    /**
     * Max pooling over {@code size x size} windows moved by {@code stride}, with {@code padding}
     * ignored cells on each side (a maximum never picks them). A plan stored before pools had a
     * stride reads as stride 0, which means {@code size} (the non-overlapping pool it was).
     */
    record MaxPool(int size, int stride, int padding) implements LayerSpec {
        public MaxPool {
            stride = stride == 0 ? size : stride;
            if (size < 1 || stride < 1 || padding < 0 || 2 * padding > size) {
                throw new IllegalArgumentException("max pool needs size >= 1, stride >= 1 and 0 <= padding <= size / 2, got "
                        + size + ", " + stride + ", " + padding);
            }
        }

        /** Non-overlapping pooling: stride {@code size}, no padding. */
        public MaxPool(int size) {
            this(size, size, 0);
        }

        /** True when windows neither overlap nor pad: each input cell is in at most one window. */
        public boolean nonOverlapping() {
            return stride == size && padding == 0;
        }

        /** Output side for an input side {@code in}: floor((in + 2 padding - size) / stride) + 1, as PyTorch and DL4J. */
        public int outputSide(int in) {
            return Math.floorDiv(in + 2 * padding - size, stride) + 1;
        }
    }

    /** Fully connected layer of {@code units} ReLU units. */
    record Dense(int units) implements LayerSpec {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("dense layer needs units >= 1, got " + units);
            }
        }
    }

    /** The element-wise sum of its inputs (a residual connection), then ReLU; the inputs must agree in shape. */
    record Add() implements LayerSpec {
    }

    /** The mean of each channel over the image (global average pooling). */
    record GlobalAvgPool() implements LayerSpec {
    }
}
