package io.alps.reporter.board;

import io.alps.ml.al.ExperimentSpec;
import io.alps.ml.al.RoundResult;
import io.alps.ml.artifacts.ActiveLearningReport;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the files every run has (active_learning_log.csv, history.json, progress.png) under the
 * experiment's artifacts as each round completes, with the single-process runner's own writer.
 */
@ApplicationScoped
public class ReportWriter {
    private final ExperimentStore store;
    private final Map<String, ActiveLearningReport> reports = new HashMap<>();

    public ReportWriter(ExperimentStore store) {
        this.store = store;
    }

    public synchronized void roundCompleted(String experimentId, String datasetName, String resultKey) {
        ActiveLearningReport report = reports.computeIfAbsent(experimentId, id -> {
            ExperimentSpec spec = store.spec(id);
            return new ActiveLearningReport(new StorageSink(store.objects(), id), spec,
                    datasetName == null ? spec.dataset() : datasetName);
        });
        RoundResult result = store.result(resultKey);
        report.add(result);
    }

    public synchronized void finished(String experimentId) {
        reports.remove(experimentId);
    }
}
