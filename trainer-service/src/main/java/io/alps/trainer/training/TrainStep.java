package io.alps.trainer.training;

import io.alps.api.report.Json;
import io.alps.api.result.RoundResult;
import io.alps.events.v1.TrainRequested;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.service.engine.Experiments;
import io.alps.service.engine.NetworkStore;
import io.alps.service.experiment.Cancellations;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.experiment.TrainProgress;
import io.alps.service.messaging.ServiceConfig;
import io.alps.service.storage.StorageKeys;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Everything that trains: a round ({@link RoundSteps#train}) and the kind's final training
 * (edge-popup's full-data comparison), each reading the keys the request names and storing what
 * it produced.
 */
@ApplicationScoped
public class TrainStep {
    private static final Logger LOG = Logger.getLogger(TrainStep.class);

    private final Experiments experiments;
    private final ExperimentStore store;
    private final NetworkStore networks;
    private final Cancellations cancellations;
    private final ServiceConfig service;

    public TrainStep(Experiments experiments, ExperimentStore store, NetworkStore networks, Cancellations cancellations,
                     ServiceConfig service) {
        this.cancellations = cancellations;
        this.service = service;
        this.experiments = experiments;
        this.store = store;
        this.networks = networks;
    }

    /**
     * A trained and evaluated round: where the network and the metrics are stored, the metrics, and
     * whether it is the experiment's last (the schedule's end or its stopping criterion is met).
     */
    public record TrainedRound(String checkpointKey, String resultKey, RoundResult result, boolean lastRound) {
    }

    /** The final training's stored result and the networks it saved. */
    public record FinalRun(String resultKey, List<String> artifactKeys, double seconds) {
    }

    public TrainedRound train(String id, TrainRequested request) {
        RoundSteps steps = experiments.steps(id, request.getSpecKey());
        if (steps.asksPeople()) {
            // The lifecycle asks for a round only once every label it trains on is answered.
            steps = steps.withAnswers(store.answers(id));
        }
        int round = request.getRound();
        if (round > steps.spec().rounds()) {
            throw new IllegalArgumentException("round " + round + " is past the experiment's last round " + steps.spec().rounds());
        }
        int[] labeled = store.labels(request.getLabelsKey());
        NetworkState network = networks.get(request.getModelKey());
        int epochs = steps.spec().epochs();
        long t0 = System.nanoTime();
        // A cancel stops the round at the next epoch boundary.
        RoundResult result = steps.train(round, network, labeled, m -> {
            LOG.infof("%s round %d epoch %d: loss %.4f, train acc %.4f, test acc %.4f (%.1f s)", id, round, m.epoch(),
                    m.trainLoss(), m.trainAccuracy(), m.testAccuracy(), m.seconds());
            storeProgress(id, new TrainProgress(round, m.epoch(), epochs, labeled.length, (System.nanoTime() - t0) / 1e9,
                    m.imagesPerSecond(), service.instance(), System.currentTimeMillis()));
            cancellations.stopIfCancelled(id);
        });
        List<RoundResult> earlier = new ArrayList<>();
        for (int r = 0; r < round; r++) {
            earlier.add(store.result(StorageKeys.trainResult(id, r)));
        }
        NetworkState previous = request.getPreviousCheckpointKey().isEmpty() ? null
                : networks.get(request.getPreviousCheckpointKey());
        result = steps.withStopSignals(result, network, previous, labeled, earlier);
        String checkpoint = StorageKeys.trainedModel(id, round);
        String resultKey = StorageKeys.trainResult(id, round);
        networks.put(checkpoint, network);
        store.putResult(resultKey, result);
        writeLabelFiles(id, round, labeled, steps);
        return new TrainedRound(checkpoint, resultKey, result, steps.isLastRound(result));
    }

    /** For people following the round; training goes on without it when object storage does not take it. */
    private void storeProgress(String id, TrainProgress progress) {
        try {
            store.putJson(StorageKeys.trainProgress(id, progress.round()), progress);
        } catch (RuntimeException e) {
            LOG.warnf("%s round %d: could not store the training progress: %s", id, progress.round(), e.getMessage());
        }
    }

    /** The label files as one process writes them; the earlier rounds' labels come from storage. */
    private void writeLabelFiles(String id, int round, int[] labeled, RoundSteps steps) {
        List<int[]> labeledByRound = new ArrayList<>();
        for (int r = 0; r < round; r++) {
            labeledByRound.add(store.labels(StorageKeys.labels(id, r)));
        }
        labeledByRound.add(labeled);
        steps.writeLabelFiles(labeledByRound, new StorageSink(store.objects(), id));
    }

    public FinalRun finalTraining(String id, TrainRequested request) {
        long t0 = System.nanoTime();
        RoundSteps steps = experiments.steps(id, request.getSpecKey());
        List<RoundResult> rounds = new ArrayList<>();
        for (String key : request.getResultKeysList()) {
            rounds.add(store.result(key));
        }
        StorageSink sink = new StorageSink(store.objects(), id);
        Map<String, Object> result = steps.method().finalTraining(steps, rounds, sink, new io.alps.ml.al.ExperimentRunner.Listener() {
            @Override
            public void onStage(String description) {
                LOG.infof("%s final training: %s", id, description);
                cancellations.stopIfCancelled(id);
            }
        });
        String key = StorageKeys.finalResult(id);
        store.objects().put(key, Json.toBytes(result));
        return new FinalRun(key, sink.writtenKeys(), (System.nanoTime() - t0) / 1e9);
    }
}
