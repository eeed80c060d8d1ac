package io.alps.ml.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's updater, taking DL4J's own path for a gradient that lives in the network's
 * flattened gradient array.
 *
 * <p>DL4J decides between that path and the one for a gradient computed in another network by
 * comparing array identity, and in 1.0.0-M2.1 {@code DefaultGradient.gradient()} hands back a fresh
 * reshape every time: every step took the foreign-gradient path, which slices parameters and
 * gradients per variable twice per step and finds the minibatch-division ranges again (about 7 % of
 * a LeNet-5 step). Both paths read and write the same memory with the same operations, so the
 * numbers do not change.
 */
public final class FlatGradientUpdater extends ComputationGraphUpdater {

    private FlatGradientUpdater(ComputationGraph net, INDArray state) {
        super(net, state);
    }

    /** Makes {@code net} update through this class, keeping any optimizer state it has. */
    public static void use(ComputationGraph net) {
        ComputationGraphUpdater current = net.getUpdater(false);
        if (current instanceof FlatGradientUpdater) {
            return;
        }
        net.setUpdater(new FlatGradientUpdater(net, current == null ? null : current.getStateViewArray()));
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray flat = getFlattenedGradientsView();
        super.update(isNetworksOwn(gradient, flat) ? new SameArray(gradient, flat) : gradient, iteration, epoch,
                batchSize, workspaceMgr);
    }

    /** Whether {@code gradient} is the network's gradient array {@code flat} (the memory, not the Java object). */
    static boolean isNetworksOwn(Gradient gradient, INDArray flat) {
        INDArray given = gradient.gradient();
        return given.data().address() == flat.data().address() && given.offset() == flat.offset()
                && given.length() == flat.length();
    }

    /** The gradient as it is, answering {@link #gradient()} with the network's array itself. */
    private record SameArray(Gradient of, INDArray flat) implements Gradient {

        @Override
        public INDArray gradient() {
            return flat;
        }

        @Override
        public Map<String, INDArray> gradientForVariable() {
            return of.gradientForVariable();
        }

        @Override
        public INDArray gradient(List<String> order) {
            return of.gradient(order);
        }

        @Override
        public void clear() {
            of.clear();
        }

        @Override
        public INDArray getGradientFor(String variable) {
            return of.getGradientFor(variable);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient) {
            return of.setGradientFor(variable, gradient);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient, Character flatteningOrder) {
            return of.setGradientFor(variable, gradient, flatteningOrder);
        }

        @Override
        public Character flatteningOrderForVariable(String variable) {
            return of.flatteningOrderForVariable(variable);
        }
    }
}
