package io.alps.selector.selection;

import io.alps.ml.al.ExperimentSpec;
import io.alps.ml.al.LabelSets;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.experiment.Experiments;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The selector owns the labeled/unlabeled split: round 0's seeded labeled set and theta0, and
 * after each trained round the next batch chosen by the spec's query strategy (ml-core's
 * {@link RoundSteps#initialLabels}, {@link RoundSteps#initialNetwork} and {@link RoundSteps#select}).
 */
@ApplicationScoped
public class SelectionSteps {
    private final Experiments experiments;
    private final ExperimentStore store;

    public SelectionSteps(Experiments experiments, ExperimentStore store) {
        this.experiments = experiments;
        this.store = store;
    }

    public StartedExperiment start(String experimentId, ExperimentSpec spec) {
        store.putSpec(experimentId, spec);
        RoundSteps steps = experiments.steps(experimentId);
        int[] labels = steps.initialLabels();
        NetworkState theta0 = steps.initialNetwork();
        String labelsKey = StorageKeys.labels(experimentId, 0);
        String modelKey = StorageKeys.theta0(experimentId);
        store.putNetwork(modelKey, theta0);
        store.putLabels(labelsKey, labels);
        return new StartedExperiment(experimentId, labelsKey, modelKey, labels.length, steps.data().displayName());
    }

    public Selection select(SelectRequest request) {
        String id = request.experimentId();
        RoundSteps steps = experiments.steps(id);
        int round = request.round();
        if (round >= steps.spec().rounds()) {
            return new Selection(id, round, request.checkpointKey(), "", 0, 0, true, 0);
        }
        int[] labeled = store.labels(request.labelsKey());
        NetworkState trained = store.network(request.checkpointKey());
        long t0 = System.nanoTime();
        int[] picked = steps.select(round, trained, labeled);
        int[] next = LabelSets.union(labeled, picked);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String nextKey = StorageKeys.labels(id, round + 1);
        store.putLabels(StorageKeys.selected(id, round), picked);
        store.putLabels(nextKey, next);
        return new Selection(id, round, request.checkpointKey(), nextKey, picked.length, seconds, false,
                steps.data().train().size() - labeled.length);
    }
}
