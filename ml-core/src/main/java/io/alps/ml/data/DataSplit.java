package io.alps.ml.data;

/**
 * Training pool and test set of one data set. {@code displayName} is the name every report and
 * figure carries (for example "CIFAR-10 (JPEG copy)").
 */
public record DataSplit(String displayName, Dataset train, Dataset test) {
}
