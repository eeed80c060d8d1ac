package io.alps.api.model;

/** One hidden layer of a {@link NetworkPlan}; the softmax output layer is implied by the class count. */
public sealed interface LayerSpec {

    /** Convolution with {@code filters} square kernels of side {@code kernel}, stride 1, no padding, ReLU. */
    record Conv(int filters, int kernel) implements LayerSpec {
        public Conv {
            if (filters < 1 || kernel < 1) {
                throw new IllegalArgumentException("conv needs filters >= 1 and kernel >= 1, got " + filters + ", " + kernel);
            }
        }
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
