package io.alps.reporter.board;

import io.alps.ml.al.ExperimentSpec;
import io.alps.ml.artifacts.ActiveLearningReport;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the files every run has (active_learning_log.csv, history.json, progress.png) under the
 * experiment's artifacts as each round completes, with the single-process runner's own writer,
 * from the stored round results (so a restarted reporter writes the same files).
 */
@ApplicationScoped
public class ReportWriter {
    private final ExperimentStore store;

    public ReportWriter(ExperimentStore store) {
        this.store = store;
    }

    public void roundCompleted(String experimentId, String datasetName, int round) {
        ExperimentSpec spec = store.spec(experimentId);
        ActiveLearningReport report = new ActiveLearningReport(new StorageSink(store.objects(), experimentId), spec,
                datasetName == null ? spec.dataset() : datasetName);
        // The writer rewrites its files on every add; the last add leaves them complete.
        for (int r = 0; r <= round; r++) {
            report.add(store.result(StorageKeys.result(experimentId, r)));
        }
    }
}
