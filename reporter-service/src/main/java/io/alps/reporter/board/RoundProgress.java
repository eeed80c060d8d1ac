package io.alps.reporter.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.alps.service.experiment.TrainProgress;

/**
 * Where a running experiment is now: its round, the epoch its trainer finished last, the training
 * speed, and how long the round's training and the rest of the experiment's training may take.
 * The estimates scale the round's seconds per image and epoch so far to the epochs and labelled
 * samples still to come; they leave out selection and pruning, waiting for labels, and an early
 * stop, so the experiment's one is an upper bound of its training only.
 *
 * @param phase {@code training} (an epoch of the round is done, more to come), {@code selecting} (the round is
 *              trained; the next samples are picked and the network pruned), {@code waiting} (no epoch of the
 *              round reported yet: queued for a trainer, loading, or waiting for labels), {@code pending} or
 *              {@code ended}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundProgress(String id, Status status, String phase, Integer round, Integer lastRound, Integer epoch,
                            Integer epochs, Integer labeled, Double imagesPerSecond, Double roundSecondsLeft,
                            Double trainingSecondsLeft, String trainedBy, Long updatedAtMs) {

    /** Spec figures the estimate needs. */
    public record Schedule(int rounds, int epochs, int budget) {
    }

    /** The progress of {@code view} given the stored latest epoch of its current round (null when there is none). */
    public static RoundProgress of(ExperimentView view, Schedule schedule, TrainProgress latest) {
        Integer last = schedule == null ? null : schedule.rounds();
        if (view.status().ended()) {
            return new RoundProgress(view.id(), view.status(), "ended", view.currentRound(), last, null, null, null, null,
                    null, null, null, null);
        }
        if (view.status() == Status.PENDING || view.currentRound() == null) {
            return new RoundProgress(view.id(), view.status(), "pending", null, last, null, null, null, null, null, null,
                    null, null);
        }
        int round = view.currentRound();
        if (latest == null || latest.round() != round || latest.epoch() < 1) {
            return new RoundProgress(view.id(), view.status(), "waiting", round, last, null, null, null, null, null, null,
                    null, null);
        }
        double perEpoch = latest.secondsSoFar() / latest.epoch();
        double roundLeft = perEpoch * Math.max(0, latest.epochs() - latest.epoch());
        Double trainingLeft = null;
        if (schedule != null && latest.labeled() > 0) {
            double perImageEpoch = perEpoch / latest.labeled();
            double later = 0;
            for (int r = round + 1; r <= schedule.rounds(); r++) {
                later += perImageEpoch * schedule.epochs() * (latest.labeled() + (long) (r - round) * schedule.budget());
            }
            trainingLeft = roundLeft + later;
        }
        String phase = latest.epoch() >= latest.epochs() ? "selecting" : "training";
        return new RoundProgress(view.id(), view.status(), phase, round, last, latest.epoch(), latest.epochs(),
                latest.labeled(), latest.imagesPerSecond(), roundLeft, trainingLeft, latest.trainedBy(), latest.atMs());
    }
}
