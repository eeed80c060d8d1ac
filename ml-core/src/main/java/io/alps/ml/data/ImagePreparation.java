package io.alps.ml.data;

import io.alps.api.model.ImageShape;
import java.util.List;
import java.util.Optional;

/**
 * How a network's images were prepared, kept beside it so new images are prepared the same way:
 * the side they were brought to, the training set's per-channel {@link Normalisation} and the
 * class names the outputs stand for.
 */
public record ImagePreparation(ImageShape shape, Normalisation normalisation, List<String> classNames) {
    public ImagePreparation {
        if (normalisation.mean().length != shape.channels() || normalisation.std().length != shape.channels()) {
            throw new IllegalArgumentException("statistics of " + normalisation.mean().length + " channels for "
                    + shape + " images");
        }
        classNames = List.copyOf(classNames);
    }

    /** The preparation of {@code train}'s images; empty for a set held in memory, which keeps no statistics. */
    public static Optional<ImagePreparation> of(Dataset train) {
        return Optional.ofNullable(train.normalisation())
                .map(n -> new ImagePreparation(train.shape(), n, train.classNames()));
    }

    /** One image's pixels (channel-major bytes of {@link #shape}) as network input values. */
    public float[] normalise(byte[] pixels) {
        float[] out = new float[shape.pixels()];
        normalisation.apply(shape, pixels, 0, 1, out, 0);
        return out;
    }
}
