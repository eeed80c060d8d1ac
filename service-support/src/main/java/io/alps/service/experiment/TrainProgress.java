package io.alps.service.experiment;

/**
 * How far a round's training has come: its latest trained epoch, as the trainer stores it after each
 * epoch ({@link io.alps.service.storage.StorageKeys#trainProgress}). The round's events carry every
 * epoch only once the round is trained; this lets a page follow a long round while it trains.
 *
 * @param round           the round in training
 * @param epoch           epochs trained so far (1-based: the latest one finished)
 * @param epochs          epochs the round trains
 * @param labeled         samples the round trains on
 * @param secondsSoFar    seconds of training since the round's first epoch started
 * @param imagesPerSecond training speed of the latest epoch
 * @param trainedBy       the trainer instance doing the work
 * @param atMs            when the epoch ended (epoch milliseconds)
 */
public record TrainProgress(int round, int epoch, int epochs, int labeled, double secondsSoFar,
                            double imagesPerSecond, String trainedBy, long atMs) {
}
