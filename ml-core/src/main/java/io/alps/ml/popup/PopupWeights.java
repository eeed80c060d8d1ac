package io.alps.ml.popup;

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
 */
final class PopupWeights {
    private final double k;
    /** Effective weights of the current training step: set by its forward pass, reused by its backward pass. */
    private INDArray stepWeights;

    PopupWeights(double k) {
        this.k = k;
    }

    /** A new input starts a new forward pass: the scores may have changed since the last one. */
    void newInput() {
        stepWeights = null;
    }

    /** {@code w * topK(|s|)}; during training computed once per step, since the scores only change between steps. */
    INDArray effective(INDArray w, INDArray s, boolean training) {
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

    Mask mask(INDArray s) {
        return Mask.topK(s, k);
    }

    /** Turns {@code dL/dW_eff} (in {@code weightGrad}) into {@code dL/ds} (in {@code scoreGrad}); zeroes {@code weightGrad}. */
    static void scoreGradient(INDArray w, INDArray s, INDArray weightGrad, INDArray scoreGrad) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            scoreGrad.assign(weightGrad.mul(w).muli(Transforms.sign(s, true)));
        }
        weightGrad.assign(0);
    }
}
