package io.alps.ml.train;

/** Accuracy and mean cross-entropy of a network on a set of samples. */
public record Evaluation(double accuracy, double loss, int count) {
}
