package io.alps.ml.popup;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Finds the edge-popup layers of a built network. */
public final class PopupNetworks {
    private PopupNetworks() {
    }

    /** The network's edge-popup layers in network order (empty for a dense network). */
    public static List<PopupLayer> layers(ComputationGraph net) {
        List<PopupLayer> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer instanceof PopupLayer p) {
                out.add(p);
            }
        }
        return out;
    }

    /** Weights the subnetwork uses, summed over its popup layers. */
    public static long keptWeights(ComputationGraph net) {
        long kept = 0;
        for (PopupLayer layer : layers(net)) {
            kept += layer.mask().kept();
        }
        return kept;
    }

    /** Trainable scores, one per frozen weight. */
    public static long scoreCount(ComputationGraph net) {
        long n = 0;
        for (PopupLayer layer : layers(net)) {
            n += layer.scores().length();
        }
        return n;
    }
}
