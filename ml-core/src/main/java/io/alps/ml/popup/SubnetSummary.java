package io.alps.ml.popup;

import io.alps.ml.model.EffectiveWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a trained network really uses, for comparing a subnetwork with a dense network:
 * trainable and total parameters, non-zero weights of the forward pass, and the sparsity
 * (fraction of zero weights) of each convolution.
 */
public record SubnetSummary(long trainableParameters, long totalParameters, long nonZeroEffectiveWeights,
                            long effectiveWeights, Map<String, Double> convSparsity) {

    public static SubnetSummary of(ComputationGraph net) {
        long nonZero = 0;
        long all = 0;
        Map<String, Double> conv = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            if (layer.numParams() == 0) {
                // Pooling, the ReLU after a residual sum: nothing to count (and DL4J refuses getParam).
                continue;
            }
            INDArray w = layer instanceof EffectiveWeights e ? e.effectiveWeights() : layer.getParam("W");
            if (w == null) {
                continue;
            }
            long nz = w.neq(0).castTo(DataType.LONG).sumNumber().longValue();
            nonZero += nz;
            all += w.length();
            if (layer.conf().getLayer() instanceof ConvolutionLayer c) {
                conv.put(c.getLayerName(), 1.0 - (double) nz / w.length());
            }
        }
        boolean popup = !PopupNetworks.layers(net).isEmpty();
        long trainable = popup ? PopupNetworks.scoreCount(net) : net.numParams();
        return new SubnetSummary(trainable, net.numParams(), nonZero, all, conv);
    }

    /** Fraction of the forward pass's weights that are non-zero. */
    public double fractionUsed() {
        return effectiveWeights == 0 ? 0 : (double) nonZeroEffectiveWeights / effectiveWeights;
    }
}
