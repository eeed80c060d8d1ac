package io.alps.ml.train;

import io.alps.api.result.EpochMetrics;

import io.alps.api.model.LayerNames;
import io.alps.ml.data.Dataset;
import io.alps.ml.data.FeatureBuffer;
import io.alps.ml.model.EffectiveWeights;
import io.alps.ml.util.Progress;
import io.alps.api.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mini-batch training over a list of sample ids. Each epoch visits the ids in a fresh permutation
 * derived from (seed, round, epoch), so the same spec and seed train identically.
 */
public final class Trainer {

    /** Called after every epoch (for progress reports and per-epoch metrics in services). */
    public interface EpochListener {
        void onEpoch(EpochMetrics metrics);
    }

    private Trainer() {
    }

    /**
     * Trains {@code net} in place on {@code ids} of {@code train}; evaluates on {@code test} after
     * each epoch when it is not null.
     */
    public static List<EpochMetrics> fit(ComputationGraph net, Dataset train, int[] ids, Dataset test,
                                         TrainSettings settings, long round, EpochListener listener) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("cannot train on an empty labeled set");
        }
        RunningAccuracy running = new RunningAccuracy();
        FeatureBuffer inputs = new FeatureBuffer(train);
        FlatGradientUpdater.use(net);
        net.addListeners(running);
        List<EpochMetrics> history = new ArrayList<>();
        try {
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                int[] order = Seeds.shuffled(ids, Seeds.random(settings.seed(), "shuffle", round, epoch));
                // Dropout masks come from ND4J's generator: seeded per epoch, a round trains the same
                // wherever it runs (in one process or in any trainer).
                org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(Seeds.derive(settings.seed(), "dropout", round, epoch));
                running.reset();
                double lossSum = 0;
                long start = System.nanoTime();
                int batches = (order.length + settings.batch() - 1) / settings.batch();
                try (Progress bar = Progress.of(String.format("round %d epoch %d/%d", round, epoch, settings.epochs()),
                        order.length, "img")) {
                    for (int b = 0; b < batches; b++) {
                        int from = b * settings.batch();
                        int[] batch = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + settings.batch()));
                        running.expect(train, batch);
                        net.fit(new INDArray[] {inputs.features(batch)}, new INDArray[] {train.oneHotLabels(batch)});
                        lossSum += net.score() * batch.length;
                        bar.advance(batch.length);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Evaluation t = test == null ? new Evaluation(Double.NaN, Double.NaN, 0) : Evaluator.evaluate(net, test);
                EpochMetrics m = new EpochMetrics(epoch, lossSum / order.length, running.accuracy(), t.loss(),
                        t.accuracy(), seconds, order.length / seconds);
                history.add(m);
                if (listener != null) {
                    listener.onEpoch(m);
                }
            }
        } finally {
            net.getListeners().remove(running);
        }
        return history;
    }

    /**
     * Counts correct predictions from the forward pass that training does anyway, so training
     * accuracy costs no extra inference.
     */
    private static final class RunningAccuracy extends BaseTrainingListener {
        private int[] expected;
        private Dataset data;
        private long correct;
        private long seen;

        void reset() {
            correct = 0;
            seen = 0;
        }

        void expect(Dataset d, int[] ids) {
            this.data = d;
            this.expected = ids;
        }

        double accuracy() {
            return seen == 0 ? Double.NaN : (double) correct / seen;
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            ComputationGraph net = (ComputationGraph) model;
            INDArray probabilities = activations.get(LayerNames.OUTPUT);
            if (probabilities != null) {
                count(probabilities);
                return;
            }
            // During fit DL4J stops the recorded forward pass at the output layer's input; the
            // output layer's logits rank the classes exactly as its softmax does. A layer with
            // effective weights (edge-popup) multiplies with those, and may have no bias.
            INDArray last = activations.get(net.getConfiguration().getVertexInputs().get(LayerNames.OUTPUT).get(0));
            if (last == null) {
                return;
            }
            org.deeplearning4j.nn.api.Layer out = net.getLayer(LayerNames.OUTPUT);
            INDArray w = out instanceof EffectiveWeights e ? e.effectiveWeights() : out.getParam("W");
            if (last.rank() > 2) {
                // The output layer follows a convolution or pool (VGG): flatten as DL4J's CNN-to-dense step does.
                last = last.dup('c').reshape('c', last.size(0), last.length() / last.size(0));
            }
            INDArray logits = last.mmul(w);
            INDArray b = out.getParam("b");
            count(b == null ? logits : logits.addiRowVector(b));
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            // A computation graph reports the map form.
        }

        private void count(INDArray output) {
            if (expected == null || output.rows() != expected.length) {
                return;
            }
            long[] predicted = output.argMax(1).toLongVector();
            for (int i = 0; i < expected.length; i++) {
                if (predicted[i] == data.label(expected[i])) {
                    correct++;
                }
            }
            seen += expected.length;
        }
    }
}
