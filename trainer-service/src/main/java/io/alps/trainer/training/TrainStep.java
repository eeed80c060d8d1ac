package io.alps.trainer.training;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.experiment.Experiments;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Trains one round with ml-core's {@link RoundSteps#train} and stores the trained network and metrics. */
@ApplicationScoped
public class TrainStep {
    private static final Logger LOG = Logger.getLogger(TrainStep.class);

    private final Experiments experiments;
    private final ExperimentStore store;

    public TrainStep(Experiments experiments, ExperimentStore store) {
        this.experiments = experiments;
        this.store = store;
    }

    public TrainedRound train(TrainRequest request) {
        String id = request.experimentId();
        RoundSteps steps = experiments.steps(id);
        if (request.round() > steps.spec().rounds()) {
            throw new IllegalArgumentException("round " + request.round() + " is past the experiment's last round "
                    + steps.spec().rounds());
        }
        int[] labeled = store.labels(request.labelsKey());
        NetworkState network = store.network(request.modelKey());
        RoundResult result = steps.train(request.round(), network, labeled, m -> LOG.infof(
                "%s round %d epoch %d: loss %.4f, train acc %.4f, test acc %.4f (%.1f s)", id, request.round(),
                m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testAccuracy(), m.seconds()));
        String checkpoint = StorageKeys.trainedModel(id, request.round());
        String resultKey = StorageKeys.trainResult(id, request.round());
        store.putNetwork(checkpoint, network);
        store.putResult(resultKey, result);
        return new TrainedRound(id, request.round(), request.labelsKey(), checkpoint, resultKey, result);
    }
}
