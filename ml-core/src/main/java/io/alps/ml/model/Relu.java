package io.alps.ml.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU with a faster gradient. DL4J's own ReLU sends its gradient through the {@code relu_bp}
 * op, which calls a {@code std::function} for every element; in a LeNet-5 training profile it was
 * the largest item outside oneDNN's kernels (about a tenth of the time). Here the gradient is two
 * vectorised passes: the step of the pre-activation (1 where it is above 0, else 0), times the
 * incoming gradient. The forward pass is DL4J's.
 *
 * <p>The result equals {@code relu_bp}'s except that a zero gradient may carry the sign of the
 * incoming one ({@code 0 * -e} is {@code -0}), which no sum or update can tell from {@code +0}.
 */
public final class Relu extends ActivationReLU {
    /** The activation every ReLU of ALPS's networks uses. */
    public static final IActivation INSTANCE = new Relu();

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        // DL4J hands backprop a pre-activation it does not read again, so the gradient is built in it.
        Nd4j.getExecutioner().exec(new Step(in, in, 0.0));
        return new Pair<>(in.muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "relu";
    }
}
