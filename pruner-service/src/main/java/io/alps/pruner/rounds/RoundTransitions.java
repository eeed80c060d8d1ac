package io.alps.pruner.rounds;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.experiment.Experiments;
import io.alps.service.storage.StorageKeys;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Between rounds, whatever the experiment's kind: the kind's analysis of the trained network
 * ({@link RoundSteps#afterTraining}: popup masks and score statistics, filters kept, ...), the
 * network the next round starts from ({@link RoundSteps#next}: the same theta0, popup scores, or
 * the pruned network rewound to theta0), and after the last round the kind's final work.
 */
@ApplicationScoped
public class RoundTransitions {
    private final Experiments experiments;
    private final ExperimentStore store;

    public RoundTransitions(Experiments experiments, ExperimentStore store) {
        this.experiments = experiments;
        this.store = store;
    }

    public CompletedRound complete(SelectedRound round) {
        String id = round.experimentId();
        RoundSteps steps = experiments.steps(id);
        NetworkState trained = store.network(round.checkpointKey());
        RoundResult result = store.result(StorageKeys.trainResult(id, round.round()));
        StorageSink sink = new StorageSink(store.objects(), id);
        NetworkState previous = round.round() == 0 ? null : store.network(StorageKeys.trainedModel(id, round.round() - 1));
        result = steps.afterTraining(result, trained, previous, sink);
        if (!round.finalRound()) {
            result = result.withSelectSeconds(round.selectSeconds());
        }
        String key = StorageKeys.result(id, round.round());
        store.putResult(key, result);
        // The kind's own reports cover every round so far, as in the single-process runner.
        steps.method().afterRound(steps, results(id, round.round()), sink);
        return new CompletedRound(id, round.round(), result.extras(), key, sink.writtenKeys());
    }

    public NextRound next(SelectedRound round) {
        String id = round.experimentId();
        RoundSteps steps = experiments.steps(id);
        NetworkState trained = store.network(round.checkpointKey());
        NetworkState theta0 = store.network(StorageKeys.theta0(id));
        NetworkState next = steps.next(round.round(), trained, theta0);
        String modelKey = StorageKeys.startModel(id, round.round() + 1);
        store.putNetwork(modelKey, next);
        return new NextRound(id, round.round() + 1, round.nextLabelsKey(), modelKey, steps.data().displayName());
    }

    public FinishedExperiment finish(SelectedRound last) {
        String id = last.experimentId();
        RoundSteps steps = experiments.steps(id);
        List<RoundResult> rounds = results(id, last.round());
        StorageSink sink = new StorageSink(store.objects(), id);
        steps.method().finish(steps, rounds, sink);
        return new FinishedExperiment(id, rounds.size(), sink.writtenKeys());
    }

    /** The complete results of rounds 0..{@code last}, as stored. */
    private List<RoundResult> results(String id, int last) {
        List<RoundResult> rounds = new ArrayList<>();
        for (int r = 0; r <= last; r++) {
            rounds.add(store.result(StorageKeys.result(id, r)));
        }
        return rounds;
    }
}
