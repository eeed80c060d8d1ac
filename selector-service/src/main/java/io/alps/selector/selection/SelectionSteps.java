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
import io.alps.ml.query.ChunkResult;
import io.alps.ml.query.ChunkResultCodec;
import io.alps.ml.query.PoolChunks;
import io.alps.selector.config.SelectorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The selector owns the labeled/unlabeled split: round 0's seeded labeled set and theta0, and
 * after each trained round the next batch chosen by the spec's query strategy (ml-core's
 * {@link RoundSteps#initialLabels}, {@link RoundSteps#initialNetwork} and {@link RoundSteps#select}).
 * A pool of several {@link PoolChunks} is scored chunk by chunk by whichever selectors take the
 * chunks ({@link #scoreChunk}), each result stored at its own key, and merged once all are there
 * ({@link #merge}): the same selection as {@link #select} makes in one go.
 * Whether a round is the last is the lifecycle's decision, which the events carry.
 */
@ApplicationScoped
public class SelectionSteps {
    private final Experiments experiments;
    private final ExperimentStore store;
    private final NetworkStore networks;
    private final Cancellations cancellations;
    private final PretrainedModels pretrained;
    private final SelectorConfig config;

    public SelectionSteps(Experiments experiments, ExperimentStore store, NetworkStore networks,
                          Cancellations cancellations, PretrainedModels pretrained, SelectorConfig config) {
        this.config = config;
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

    /**
     * A chunk of the pool scored and stored: where, how many images and how long scoring them took;
     * {@code earlier}: its result was stored before (a redelivered request), nothing was scored now.
     */
    public record ScoredChunk(String resultKey, int images, double seconds, boolean earlier) {
    }

    /** Selects inline, the whole pool in this process, chunk by chunk (a pool not worth sharing). */
    public Selection select(String experimentId, String specKey, int round, String labelsKey, String checkpointKey) {
        RoundSteps steps = experiments.steps(experimentId, specKey);
        int[] labeled = store.labels(labelsKey);
        NetworkState trained = networks.get(checkpointKey);
        long t0 = System.nanoTime();
        // A cancel stops the selection within one chunk, one Monte-Carlo pass or one chosen sample.
        int[] picked = steps.select(round, trained, labeled, chunks(steps, labeled), cancellations.check(experimentId));
        return stored(experimentId, steps, round, labeled, picked, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * How many chunks of the pool of the round whose labeled set is at {@code labelsKey} go to the
     * selectors' share group: all of them when sharing pays for a network of {@code macsPerImage}
     * multiply-adds ({@link PoolChunks#worthSharing}), otherwise 1: this selector scores them in turn.
     */
    public int sharedChunks(String experimentId, String specKey, String labelsKey, long macsPerImage) {
        RoundSteps steps = experiments.steps(experimentId, specKey);
        PoolChunks chunks = chunks(steps, store.labels(labelsKey));
        long sharedFrom = config.sharePoolsFromMacs().orElse(PoolChunks.SHARED_FROM_MACS);
        return chunks.worthSharing(macsPerImage, sharedFrom) ? chunks.count() : 1;
    }

    /**
     * Scores chunk {@code chunk} of the round's pool and stores its result at its own key; a chunk
     * whose result is already stored (a redelivered request) is not scored again.
     */
    public ScoredChunk scoreChunk(String experimentId, String specKey, int round, String labelsKey,
                                  String checkpointKey, int chunk, int chunkCount) {
        RoundSteps steps = experiments.steps(experimentId, specKey);
        int[] labeled = store.labels(labelsKey);
        PoolChunks chunks = checked(chunks(steps, labeled), round, chunkCount);
        String key = StorageKeys.poolChunk(experimentId, round, chunk);
        int images = chunks.ids(chunk).length;
        if (store.objects().exists(key)) {
            return new ScoredChunk(key, images, 0, true);
        }
        NetworkState trained = networks.get(checkpointKey);
        long t0 = System.nanoTime();
        ChunkResult result = steps.scoreChunk(round, trained, labeled, chunks, chunk, cancellations.check(experimentId));
        store.objects().put(key, ChunkResultCodec.write(result));
        return new ScoredChunk(key, images, (System.nanoTime() - t0) / 1e9, false);
    }

    /** Whether every chunk of the round's pool has its result stored. */
    public boolean allChunksScored(String experimentId, int round, int chunkCount) {
        for (int c = 0; c < chunkCount; c++) {
            if (!store.objects().exists(StorageKeys.poolChunk(experimentId, round, c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Merges every chunk's stored result (each read once) into the round's selection and stores it
     * as {@link #select} does; {@code startedAtMs}: when the selection started, for its seconds.
     */
    public Selection merge(String experimentId, String specKey, int round, String labelsKey, String checkpointKey,
                           int chunkCount, long startedAtMs) {
        RoundSteps steps = experiments.steps(experimentId, specKey);
        int[] labeled = store.labels(labelsKey);
        PoolChunks chunks = checked(chunks(steps, labeled), round, chunkCount);
        List<ChunkResult> results = new java.util.ArrayList<>();
        for (int c = 0; c < chunkCount; c++) {
            String key = StorageKeys.poolChunk(experimentId, round, c);
            try {
                results.add(ChunkResultCodec.read(store.objects().get(key)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(key + ": " + e.getMessage(), e);
            }
        }
        NetworkState trained = networks.get(checkpointKey);
        int[] picked = steps.mergeChunks(round, trained, labeled, chunks, results, cancellations.check(experimentId));
        double seconds = Math.max(0, System.currentTimeMillis() - startedAtMs) / 1e3;
        return stored(experimentId, steps, round, labeled, picked, seconds);
    }

    private Selection stored(String experimentId, RoundSteps steps, int round, int[] labeled, int[] picked,
                             double seconds) {
        int[] next = LabelSets.union(labeled, picked);
        String nextKey = StorageKeys.labels(experimentId, round + 1);
        String selectedKey = StorageKeys.selected(experimentId, round);
        store.putLabels(selectedKey, picked);
        storeQueries(experimentId, steps, picked);
        store.putLabels(nextKey, next);
        return new Selection(nextKey, selectedKey, picked.length, seconds, steps.data().train().size() - labeled.length);
    }

    private PoolChunks chunks(RoundSteps steps, int[] labeled) {
        return config.poolChunkSize().map(size -> steps.poolChunks(labeled, size)).orElseGet(() -> steps.poolChunks(labeled));
    }

    private static PoolChunks checked(PoolChunks chunks, int round, int chunkCount) {
        if (chunks.count() != chunkCount) {
            throw new IllegalStateException("round " + round + "'s pool has " + chunks.count() + " chunks of "
                    + chunks.size() + " images, the request counts " + chunkCount
                    + " (do all selectors have the same alps.selector.pool-chunk-size?)");
        }
        return chunks;
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
