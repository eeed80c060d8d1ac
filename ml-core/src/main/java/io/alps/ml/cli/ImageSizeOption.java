package io.alps.ml.cli;

import io.alps.api.model.ImageShape;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.validation.SpecValidation;
import picocli.CommandLine.Option;

/** {@code --image-size N} of the commands that build a network without an experiment spec (describe, the benchmarks). */
final class ImageSizeOption {
    @Option(names = "--image-size", paramLabel = "N", defaultValue = "" + ExperimentSpec.DEFAULT_IMAGE_SIZE,
            description = "Side in pixels of the square images the network is built for (default: ${DEFAULT-VALUE}).")
    int side;

    /** The images of that side with {@code channels} channels; the same bounds as an experiment's imageSize. */
    ImageShape shape(int channels) {
        if (side < SpecValidation.MIN_IMAGE_SIZE || side > SpecValidation.MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("--image-size: " + side + " is outside " + SpecValidation.MIN_IMAGE_SIZE
                    + "-" + SpecValidation.MAX_IMAGE_SIZE);
        }
        return new ImageShape(channels, side, side);
    }
}
