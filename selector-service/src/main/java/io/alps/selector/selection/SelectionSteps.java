package io.alps.selector.selection;

import io.alps.ml.al.LabelSets;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.service.engine.Experiments;
import io.alps.service.engine.NetworkStore;
import io.alps.service.engine.PretrainedModels;
import io.alps.service.experiment.Cancellations;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.alps.ml.data.SampleImages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The selector owns the labeled/unlabeled split: round 0's seeded labeled set and theta0, and
 * after each trained round the next batch chosen by the spec's query strategy (ml-core's
 * {@link RoundSteps#initialLabels}, {@link RoundSteps#initialNetwork} and {@link RoundSteps#select}).
 * Whether a round is the last is the lifecycle's decision, which the events carry.
 */
@ApplicationScoped
public class SelectionSteps {
    private final Experiments experiments;
    private final ExperimentStore store;
    private final NetworkStore networks;
    private final Cancellations cancellations;
    private final PretrainedModels pretrained;

    public SelectionSteps(Experiments experiments, ExperimentStore store, NetworkStore networks,
                          Cancellations cancellations, PretrainedModels pretrained) {
        this.pretrained = pretrained;
        this.cancellations = cancellations;
        this.experiments = experiments;
        this.store = store;
        this.networks = networks;
    }

    /** Round 0 is set up: its labeled ids and its start network (theta0) are stored. */
    public record Started(String labelsKey, String theta0Key, int labeled, String datasetName, List<String> classNames) {
    }

    /** What a selection stored: the next round's labeled set and the ids added. */
    public record Selection(String nextLabelsKey, String selectedKey, int selected, double seconds, int poolSize) {
    }

    public Started start(String experimentId, String specKey) {
        RoundSteps steps = experiments.steps(experimentId, specKey);
        int[] labels = steps.initialLabels();
        NetworkState theta0 = steps.initialNetwork(pretrained.initFrom(steps.spec()));
        String labelsKey = StorageKeys.labels(experimentId, 0);
        String theta0Key = StorageKeys.theta0(experimentId);
        networks.put(theta0Key, theta0);
        store.putLabels(labelsKey, labels);
        storeQueries(experimentId, steps, labels);
        return new Started(labelsKey, theta0Key, labels.length, steps.data().displayName(),
                steps.data().train().classNames());
    }

    public Selection select(String experimentId, String specKey, int round, String labelsKey, String checkpointKey) {
        RoundSteps steps = experiments.steps(experimentId, specKey);
        int[] labeled = store.labels(labelsKey);
        NetworkState trained = networks.get(checkpointKey);
        long t0 = System.nanoTime();
        // A cancel stops the selection within one chunk, one Monte-Carlo pass or one chosen sample.
        int[] picked = steps.select(round, trained, labeled, cancellations.check(experimentId));
        int[] next = LabelSets.union(labeled, picked);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String nextKey = StorageKeys.labels(experimentId, round + 1);
        String selectedKey = StorageKeys.selected(experimentId, round);
        store.putLabels(selectedKey, picked);
        storeQueries(experimentId, steps, picked);
        store.putLabels(nextKey, next);
        return new Selection(nextKey, selectedKey, picked.length, seconds, steps.data().train().size() - labeled.length);
    }

    /**
     * When people label, each sample they are asked about is stored as the image the network sees and,
     * for image folders, with the name of its file in the data set.
     */
    private void storeQueries(String experimentId, RoundSteps steps, int[] ids) {
        if (!steps.asksPeople()) {
            return;
        }
        var train = steps.data().train();
        // Image folders name each sample's file, so the labelling page can show the picture itself.
        boolean files = train.sampleNames() != null;
        for (int id : ids) {
            store.objects().put(StorageKeys.sampleImage(experimentId, id), SampleImages.png(train, id));
            if (files) {
                store.objects().put(StorageKeys.sampleFile(experimentId, id),
                        train.sampleName(id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }
}
