package io.alps.ml.train;

/** How one round trains: epochs over the labeled set, mini-batch size, Adam learning rate, seed. */
public record TrainSettings(int epochs, int batch, double learningRate, long seed) {
}
