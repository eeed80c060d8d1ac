package io.alps.api.result;

/**
 * One epoch of training: the running training loss and accuracy over the epoch's batches (as
 * Keras reports them), the test metrics after the epoch, and the training speed.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                           double seconds, double imagesPerSecond) {
}
