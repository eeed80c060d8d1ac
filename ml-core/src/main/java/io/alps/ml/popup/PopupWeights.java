package io.alps.ml.popup;

import static io.alps.ml.popup.PopupParamInitializer.SCORE_KEY;
import static io.alps.ml.popup.PopupParamInitializer.WEIGHT_KEY;

import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The edge-popup kernel every popup layer delegates to. Forward: {@code W_eff = w * m}, with
 * {@code m} the top-k mask of {@code |s|}. Backward (straight-through, written as
 * {@code W_eff = w * (m + a - stopGradient(a))} with {@code a = |s|}):
 * {@code dL/ds = sign(s) * w * dL/dW_eff} for every score, kept or not. Without the sign factor
 * every negative score moves the wrong way and the network stays at chance.
 *
 * <p>The host layer lets DL4J's own implementation compute {@code dL/dW_eff} into the gradient
 * slot of {@code W}; {@link #scoreGradient} turns it into the score gradient and zeroes the
 * weight gradient, so the frozen weights never move (their updater is also a no-op).
 *
 * <p>Held by each running popup layer (conv, dense, output) rather than inherited, because their
 * DL4J superclasses differ.
 */
final class PopupWeights {
    private final PopupLayer host;
    private final double k;
    /** Effective weights of the current training step: set by its forward pass, reused by its backward pass. */
    private INDArray stepWeights;

    PopupWeights(PopupLayer host, NeuralNetConfiguration conf) {
        this.host = host;
        this.k = ((PopupLayerConfig) conf.getLayer()).getK();
    }

    /** A new input starts a new forward pass: the scores may have changed since the last one. */
    void newInput() {
        stepWeights = null;
    }

    /** {@code w * topK(|s|)}; during training computed once per step, since the scores only change between steps. */
    private INDArray effective(INDArray w, INDArray s, boolean training) {
        if (training && stepWeights != null) {
            return stepWeights;
        }
        INDArray eff;
        // Outside any workspace: the array must outlive the forward pass's workspace scope.
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            eff = w.mul(mask(s).toArray(w.dataType()));
        }
        if (training) {
            stepWeights = eff;
        }
        return eff;
    }

    /** DL4J's forward and backward read {@code W} through here: they get {@code W_eff} in its place. */
    INDArray paramWithNoise(String param, boolean training, Supplier<INDArray> inherited) {
        return WEIGHT_KEY.equals(param) ? effective(host.frozenWeights(), host.scores(), training) : inherited.get();
    }

    /** Moves the gradient DL4J's backprop left for {@code W} onto the scores, where the updater looks for it. */
    Pair<Gradient, INDArray> routeToScores(Pair<Gradient, INDArray> backprop, Map<String, INDArray> gradientViews) {
        scoreGradient(host.frozenWeights(), host.scores(), gradientViews.get(WEIGHT_KEY), gradientViews.get(SCORE_KEY));
        backprop.getFirst().gradientForVariable().put(SCORE_KEY, gradientViews.get(SCORE_KEY));
        return backprop;
    }

    Mask mask() {
        return mask(host.scores());
    }

    INDArray effectiveWeights() {
        return effective(host.frozenWeights(), host.scores(), false);
    }

    private Mask mask(INDArray s) {
        return Mask.topK(s, k);
    }

    /** Turns {@code dL/dW_eff} (in {@code weightGrad}) into {@code dL/ds} (in {@code scoreGrad}); zeroes {@code weightGrad}. */
    private static void scoreGradient(INDArray w, INDArray s, INDArray weightGrad, INDArray scoreGrad) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            scoreGrad.assign(weightGrad.mul(w).muli(Transforms.sign(s, true)));
        }
        weightGrad.assign(0);
    }
}
