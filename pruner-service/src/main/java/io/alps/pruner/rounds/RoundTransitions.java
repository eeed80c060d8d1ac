package io.alps.pruner.rounds;

import io.alps.api.result.RoundResult;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.service.engine.Experiments;
import io.alps.service.engine.NetworkStore;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Between rounds, whatever the experiment's kind: the kind's analysis of the trained network
 * ({@link RoundSteps#afterTraining}: popup masks and score statistics, filters kept, ...) and,
 * unless the round was the last, the network the next round starts from ({@link RoundSteps#next}:
 * the same theta0, popup scores, or the pruned network rewound to theta0). Every input is read
 * from the keys the event names.
 */
@ApplicationScoped
public class RoundTransitions {
    private final Experiments experiments;
    private final ExperimentStore store;
    private final NetworkStore networks;

    public RoundTransitions(Experiments experiments, ExperimentStore store, NetworkStore networks) {
        this.experiments = experiments;
        this.store = store;
        this.networks = networks;
    }

    /** A round that is trained and whose next samples are chosen (none after a final round). */
    public record SelectedRound(String experimentId, int round, String specKey, String checkpointKey,
                                String trainResultKey, String previousCheckpointKey, String theta0Key,
                                String nextLabelsKey, double selectSeconds, boolean finalRound) {
    }

    /** The complete round, its kind-specific metrics and files, and the next round's network (none after the last). */
    public record CompletedRound(Map<String, Object> extras, String resultKey, List<String> artifactKeys,
                                 String nextModelKey) {
    }

    public CompletedRound complete(SelectedRound round) {
        String id = round.experimentId();
        RoundSteps steps = experiments.steps(id, round.specKey());
        NetworkState trained = networks.get(round.checkpointKey());
        RoundResult result = store.result(round.trainResultKey());
        StorageSink sink = new StorageSink(store.objects(), id);
        NetworkState previous = round.previousCheckpointKey().isEmpty() ? null : networks.get(round.previousCheckpointKey());
        result = steps.afterTraining(result, trained, previous, sink);
        String nextModelKey = "";
        if (!round.finalRound()) {
            result = result.withSelectSeconds(round.selectSeconds());
            NetworkState next = steps.next(round.round(), trained, networks.get(round.theta0Key()));
            nextModelKey = StorageKeys.startModel(id, round.round() + 1);
            networks.put(nextModelKey, next);
        }
        String key = StorageKeys.result(id, round.round());
        store.putResult(key, result);
        return new CompletedRound(result.extras(), key, sink.writtenKeys(), nextModelKey);
    }
}
