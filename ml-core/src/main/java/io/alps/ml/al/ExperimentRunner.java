package io.alps.ml.al;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;

import io.alps.api.report.ActiveLearningReport;
import io.alps.api.report.ArtifactSink;
import io.alps.ml.data.DataSplit;
import io.alps.ml.train.Trainer;
import io.alps.api.report.Json;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole experiment in one process by chaining {@link RoundSteps}: train round r on the
 * labeled set, evaluate, select the next batch, prepare round r+1's network. The services run the
 * same steps one event at a time.
 */
public final class ExperimentRunner {

    /** Progress callbacks for a console or a service. */
    public interface Listener extends Trainer.EpochListener {
        default void onRoundStart(int round, int labeled) {
        }

        /** The sorted ids labeled for {@code round} (lets a caller compare label sets between runs). */
        default void onLabels(int round, int[] labeled) {
        }

        default void onRoundEnd(RoundResult result) {
        }

        /** A stage of work outside the rounds begins (e.g. a final comparison), described for a person. */
        default void onStage(String description) {
        }

        @Override
        default void onEpoch(io.alps.api.result.EpochMetrics metrics) {
        }
    }

    private final RoundSteps steps;
    private final ArtifactSink sink;
    private final Listener listener;

    public ExperimentRunner(ExperimentSpec spec, DataSplit data, ArtifactSink sink, Listener listener) {
        this.steps = new RoundSteps(spec, data);
        if (steps.asksPeople()) {
            throw new ExperimentSpec.SpecException(List.of("oracle: '" + spec.oracleName() + "' asks people for labels "
                    + "through the services' console and API, which one process does not serve: start them with "
                    + "./alps stack (or docker compose) and submit the experiment there"));
        }
        this.sink = sink;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    public List<RoundResult> run() {
        ExperimentSpec spec = steps.spec();
        ActiveLearningReport report = new ActiveLearningReport(sink, spec, steps.data().displayName());
        int[] labeled = steps.initialLabels();
        NetworkState theta0 = steps.initialNetwork();
        NetworkState current = theta0.copy();
        NetworkState previous = null;
        List<int[]> labeledByRound = new java.util.ArrayList<>();
        for (int round = 0; ; round++) {
            listener.onRoundStart(round, labeled.length);
            listener.onLabels(round, labeled);
            RoundResult trained = steps.withStopSignals(steps.train(round, current, labeled, listener), current, previous,
                    labeled, report.rounds());
            RoundResult result = steps.afterTraining(trained, current, previous, sink);
            labeledByRound.add(labeled);
            steps.writeLabelFiles(labeledByRound, sink);
            boolean last = steps.isLastRound(result);
            if (!last) {
                long t0 = System.nanoTime();
                labeled = LabelSets.union(labeled, steps.select(round, current, labeled));
                result = result.withSelectSeconds((System.nanoTime() - t0) / 1e9);
            }
            report.add(result);
            steps.kind().writeRoundReports(spec, steps.data().displayName(), report.rounds(), sink);
            listener.onRoundEnd(result);
            if (last) {
                break;
            }
            previous = current;
            current = steps.next(round, current, theta0);
        }
        if (steps.kind().hasFinalTraining(spec)) {
            // Through JSON, as the services hand it from the trainer to the reporter: the same report bytes.
            Map<String, Object> done = Json.roundTrip(steps.method().finalTraining(steps, report.rounds(), sink, listener));
            steps.kind().writeFinalReports(spec, steps.data().displayName(), report.rounds(), done, sink);
        }
        return report.rounds();
    }
}
