package io.alps.api.model;

/** One hidden layer of a {@link NetworkPlan}; the softmax output layer is implied by the class count. */
public sealed interface LayerSpec {

    /**
     * Convolution with {@code filters} square kernels of side {@code kernel}, stride 1, zero padding
     * {@code padding} on each side, ReLU (after the batch norm when one follows). {@code withoutBias}
     * where a batch norm follows (its shift does the bias's work).
     */
    record Conv(int filters, int kernel, int padding, boolean withoutBias) implements LayerSpec {
        public Conv {
            if (filters < 1 || kernel < 1 || padding < 0) {
                throw new IllegalArgumentException("conv needs filters >= 1, kernel >= 1 and padding >= 0, got "
                        + filters + ", " + kernel + ", " + padding);
            }
        }

        /** A valid (unpadded) convolution with a bias, as LeNet-5's. */
        public Conv(int filters, int kernel) {
            this(filters, kernel, 0, false);
        }

        public Conv withFilters(int n) {
            return new Conv(n, kernel, padding, withoutBias);
        }

        /** Output side for an input side {@code in}. */
        public int outputSide(int in) {
            return in + 2 * padding - kernel + 1;
        }
    }

    /** Batch normalisation of the channels of the convolution before it (its width is that layer's). */
    record BatchNorm() implements LayerSpec {
    }

    /** Non-overlapping max pooling of side {@code size}. */
    record MaxPool(int size) implements LayerSpec {
    }

    /** Fully connected layer of {@code units} ReLU units. */
    record Dense(int units) implements LayerSpec {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("dense layer needs units >= 1, got " + units);
            }
        }
    }
}
