package io.alps.reporter.lifecycle;

import io.alps.api.kind.Kinds;
import io.alps.api.report.ActiveLearningReport;
import io.alps.api.report.Json;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place the services write report files: what every run has (active_learning_log.csv,
 * history.json, progress.png) and the kind's own reports, under the experiment's artifacts, with
 * the single-process runner's writers and from the stored results, so both write the same bytes.
 */
@ApplicationScoped
public class Reports {
    private final ExperimentStore store;

    public Reports(ExperimentStore store) {
        this.store = store;
    }

    /** Rewrites the reports of rounds 0..r; returns the keys written. */
    public List<String> roundCompleted(String experimentId, ExperimentSpec spec, String dataset, List<String> resultKeys) {
        StorageSink sink = new StorageSink(store.objects(), experimentId);
        List<RoundResult> rounds = results(resultKeys);
        ActiveLearningReport report = new ActiveLearningReport(sink, spec, dataset);
        // The writer rewrites its files on every add; the last add leaves them complete.
        rounds.forEach(report::add);
        Kinds.get(spec.kind()).writeRoundReports(spec, dataset, rounds, sink);
        return sink.writtenKeys();
    }

    /** The kind's reports on its final training, from the result the trainer stored. */
    public List<String> finalTrained(String experimentId, ExperimentSpec spec, String dataset, List<String> resultKeys,
                                     String finalResultKey) {
        StorageSink sink = new StorageSink(store.objects(), experimentId);
        Map<String, Object> result = Json.parseObject(store.objects().get(finalResultKey));
        Kinds.get(spec.kind()).writeFinalReports(spec, dataset, results(resultKeys), result, sink);
        return sink.writtenKeys();
    }

    private List<RoundResult> results(List<String> keys) {
        List<RoundResult> rounds = new ArrayList<>();
        for (String key : keys) {
            rounds.add(store.result(key));
        }
        return rounds;
    }
}
