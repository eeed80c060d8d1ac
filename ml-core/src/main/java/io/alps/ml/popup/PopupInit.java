package io.alps.ml.popup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How an edge-popup layer draws its frozen random weights (the choices of the edge-popup paper's
 * code, hidden-networks), and how every layer draws its initial scores.
 */
public enum PopupInit {
    /** Kaiming (He) normal, fan-in, ReLU gain: N(0, 2 / fanIn). */
    KAIMING_NORMAL,
    /** Signed Kaiming constant: each weight is +-sqrt(2 / fanIn) with a random sign. */
    SIGNED_CONSTANT;

    /** Fills {@code view} in place with this init's random weights, drawn from ND4J's seeded generator. */
    public void initWeights(INDArray view, double fanIn) {
        double std = Math.sqrt(2.0 / fanIn);
        Nd4j.randn(view);
        if (this == SIGNED_CONSTANT) {
            Transforms.sign(view, false);
        }
        view.muli(std);
    }

    /**
     * Fills {@code view} with initial scores U(-1/sqrt(fanIn), 1/sqrt(fanIn)): PyTorch's default
     * layer init, which the reference applies to the scores.
     */
    public static void initScores(INDArray view, double fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        Nd4j.rand(view, Nd4j.getDistributions().createUniform(-bound, bound));
    }

    /** Parses a command-line name such as {@code kaiming-normal} or {@code signed-constant}. */
    public static PopupInit parse(String name) {
        for (PopupInit init : values()) {
            if (init.cliName().equals(name)) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown weight init '" + name + "': expected kaiming-normal or signed-constant");
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
