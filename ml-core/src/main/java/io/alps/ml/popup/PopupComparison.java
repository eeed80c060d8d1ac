package io.alps.ml.popup;

import io.alps.api.kind.popup.EdgePopupOptions;

import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.api.report.ArtifactSink;
import io.alps.api.report.Charts;
import io.alps.api.report.Json;
import io.alps.ml.data.DataSplit;
import io.alps.ml.backend.MemoryLimit;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.result.EpochMetrics;
import io.alps.ml.train.Evaluation;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The full-data comparison after an edge-popup run: the edge-popup network (from theta0) and a
 * dense network of the same plan, each trained on the whole training set with the run's epochs,
 * batch, learning rate and seed, in the same process one after the other, so their speeds compare.
 *
 * <p>Files, named after the architecture: {@code global_<arch>.zip} (the edge-popup network
 * trained on all data), {@code global_<arch>_full_training.zip} (the dense network, all weights
 * trained on all data),
 * {@code comparison.json} and {@code model_comparison.png}; the active-learning subnet
 * ({@code final_subnet.zip}) is reported beside them.
 */
public final class PopupComparison {
    /** The edge-popup network trained on all data. */
    public static String subnetFile(String architecture) {
        return "global_" + architecture + ".zip";
    }

    /** The dense network trained on all data. */
    public static String denseFile(String architecture) {
        return "global_" + architecture + "_full_training.zip";
    }

    /** One compared model. */
    public record ModelResult(String name, String file, int trainImages, double testAccuracy, double testLoss,
                              long trainableParameters, long totalParameters, long nonZeroEffectiveWeights,
                              double fractionOfWeightsUsed, Map<String, Double> convSparsity,
                              double trainSeconds, double trainImagesPerSecond) {
    }

    private final RoundSteps steps;
    private final EdgePopupMethod method;
    private final ExperimentRunner.Listener listener;

    public PopupComparison(RoundSteps steps, EdgePopupMethod method, ExperimentRunner.Listener listener) {
        this.steps = steps;
        this.method = method;
        this.listener = listener == null ? new ExperimentRunner.Listener() { } : listener;
    }

    public Map<String, Object> run(ArtifactSink sink) {
        ExperimentSpec spec = steps.spec();
        DataSplit data = steps.data();
        int[] all = new int[data.train().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        boolean scoresTrain = method.trains(spec);
        String subnetName = scoresTrain ? String.format("edge-popup k=%s, full data", spec.options(EdgePopupOptions.class).k())
                : String.format("edge-popup k=%s, random mask (not trained)",
                spec.options(EdgePopupOptions.class).k());
        listener.onStage(subnetName + (scoresTrain ? ": training the scores on all " + all.length + " training images"
                : ": evaluating the untrained random mask"));
        ComputationGraph subnet = method.initial(spec, steps.plan()).network();
        ModelResult popup = train(subnetName, subnetFile(spec.architecture()), subnet, scoresTrain ? all : new int[0], sink);

        String denseName = "dense " + spec.architecture() + ", full data";
        listener.onStage(denseName + ": training all weights on all " + all.length + " training images");
        ComputationGraph dense = NetworkBuilder.build(steps.plan(), spec.lr(), spec.seed());
        ModelResult full = train(denseName, denseFile(spec.architecture()), dense, all, sink);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", data.displayName());
        out.put("architecture", spec.architecture());
        out.put("k", spec.options(EdgePopupOptions.class).k());
        out.put("epochs", spec.epochs());
        out.put("batch", spec.batch());
        out.put("lr", spec.lr());
        out.put("seed", spec.seed());
        out.put("testImages", data.test().size());
        out.put("subnet", popup);
        out.put("dense", full);
        out.put("accuracyGapDenseMinusSubnet", full.testAccuracy() - popup.testAccuracy());
        if (scoresTrain) {
            out.put("trainCostPerImagePopupOverDense", full.trainImagesPerSecond() / popup.trainImagesPerSecond());
        }
        return out;
    }

    /** Trains {@code net} on {@code ids} (none: evaluated as it is), evaluates and saves it. */
    private ModelResult train(String name, String file, ComputationGraph net, int[] ids, ArtifactSink sink) {
        ExperimentSpec spec = steps.spec();
        // Its own shuffle stream (round index after the last round), the same for both models.
        List<EpochMetrics> history = ids.length == 0 ? List.of() : MemoryLimit.guard(spec.architecture(), spec.batch(),
                "training", () -> Trainer.fit(net, steps.data().train(), ids, steps.data().test(), steps.settings(),
                        spec.rounds() + 1, listener));
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        Evaluation test = Evaluator.evaluate(net, steps.data().test());
        sink.write(file, Checkpoints.toBytes(net));
        SubnetSummary s = SubnetSummary.of(net);
        return new ModelResult(name, file, ids.length, test.accuracy(), test.loss(), s.trainableParameters(),
                s.totalParameters(), s.nonZeroEffectiveWeights(), s.fractionUsed(), s.convSparsity(), seconds,
                history.isEmpty() ? 0 : (double) ids.length * history.size() / seconds);
    }
}
