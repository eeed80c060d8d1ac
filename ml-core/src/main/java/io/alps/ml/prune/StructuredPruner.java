package io.alps.ml.prune;

import io.alps.api.kind.lth.LayerNames;
import io.alps.api.kind.lth.PruneSchedule;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.UnitOrigins;
import io.alps.api.model.LayerSpec;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Structured pruning: decides which units survive ({@link #cut}) and builds the smaller network
 * with the weights of any larger network that still has those units ({@link #slice}). The
 * smaller network really has fewer channels; it computes exactly what the larger one computes
 * with the removed units zeroed (and their batch-norm scale and shift). Works on any
 * conv -> (batch norm) -> (pool) -> conv/dense chain of a plan.
 */
public final class StructuredPruner {

    /** The next network's shape and, per layer, which original units it keeps. */
    public record Cut(NetworkPlan plan, UnitOrigins origins) {
    }

    private StructuredPruner() {
    }

    /**
     * Which units the network for round {@code round} keeps: every pruned layer of {@code trained}
     * drops its units with the smallest L1 norm down to the schedule's count for that round.
     */
    public static Cut cut(NetworkState trained, NetworkPlan original, PruneSchedule schedule, int round) {
        NetworkPlan plan = trained.plan();
        UnitOrigins origins = trained.origins();
        for (int i : schedule.layers(original)) {
            int width = plan.width(i);
            int keep = Math.min(width, schedule.keep(original.width(i), round));
            if (keep < 1) {
                throw new IllegalArgumentException("pruning would remove every unit of layer "
                        + LayerNames.of(plan, i) + " in round " + round);
            }
            if (keep == width) {
                continue;
            }
            INDArray w = trained.network().getLayer(i).getParam("W");
            double[] norms = plan.layers().get(i) instanceof LayerSpec.Conv ? L1Ranking.convFilters(w)
                    : L1Ranking.denseUnits(w);
            int[] current = origins.of(i, width);
            int[] keptPositions = L1Ranking.strongest(norms, keep);
            int[] kept = new int[keep];
            for (int j = 0; j < keep; j++) {
                kept[j] = current[keptPositions[j]];
            }
            plan = plan.withWidth(i, keep);
            origins = origins.with(i, kept);
        }
        return new Cut(plan, origins);
    }

    /**
     * A new network of the cut's shape whose every weight is copied from {@code source}: conv
     * W[out, in, kh, kw] and bias for the kept filters and kept input channels, dense W[in, out]
     * and bias for the kept units and inputs (after a conv, the flattened rows of the kept
     * channels), the output layer's rows for the kept inputs. {@code source} may be the original
     * network (theta0) or any pruned network that still has every unit the cut keeps.
     */
    public static NetworkState slice(NetworkState source, Cut cut, double learningRate) {
        NetworkPlan plan = cut.plan();
        // Every weight is overwritten below, so the build seed does not matter.
        MultiLayerNetwork target = NetworkBuilder.build(plan, learningRate, 0);
        MultiLayerNetwork from = source.network();
        List<InputType> activations = from.getLayerWiseConfigurations().getLayerActivationTypes(
                InputType.convolutional(plan.input().height(), plan.input().width(), plan.input().channels()));
        int[] inputs = identity(plan.input().channels());
        for (int i = 0; i <= plan.outputLayerIndex(); i++) {
            LayerSpec spec = i < plan.layers().size() ? plan.layers().get(i) : null;
            if (spec instanceof LayerSpec.MaxPool) {
                continue;
            }
            if (spec instanceof LayerSpec.BatchNorm) {
                // Sliced with the convolution before it: its scale, shift and statistics per kept channel.
                Layer src = from.getLayer(i);
                Layer dst = target.getLayer(i);
                for (String param : src.paramTable().keySet()) {
                    INDArray values = src.getParam(param);
                    dst.setParam(param, Slices.take(values, values.rank() - 1, inputs));
                }
                continue;
            }
            int[] outputs = spec == null ? identity(plan.numClasses())
                    : positions(source.origins().of(i, source.plan().width(i)), cut.origins().of(i, plan.width(i)), i);
            Layer src = from.getLayer(i);
            Layer dst = target.getLayer(i);
            if (spec instanceof LayerSpec.Conv) {
                dst.setParam("W", Slices.take(Slices.take(src.getParam("W"), 0, outputs), 1, inputs));
            } else {
                int[] rows = inputs;
                if (i > 0 && activations.get(i - 1) instanceof InputType.InputTypeConvolutional c) {
                    rows = Slices.flattenedRows(inputs, (int) (c.getHeight() * c.getWidth()));
                }
                dst.setParam("W", Slices.take(Slices.take(src.getParam("W"), 0, rows), 1, outputs));
            }
            INDArray bias = src.getParam("b");
            if (bias != null) {
                dst.setParam("b", Slices.take(bias, bias.rank() - 1, outputs));
            }
            inputs = outputs;
        }
        return new NetworkState(plan, target, cut.origins());
    }

    /** Where each wanted original unit sits in a layer whose units have the given origins. */
    private static int[] positions(int[] have, int[] want, int layer) {
        Map<Integer, Integer> at = new HashMap<>();
        for (int p = 0; p < have.length; p++) {
            at.put(have[p], p);
        }
        int[] out = new int[want.length];
        for (int j = 0; j < want.length; j++) {
            Integer p = at.get(want[j]);
            if (p == null) {
                throw new IllegalArgumentException("layer " + layer + ": unit " + want[j]
                        + " of the original network was already pruned from the source network");
            }
            out[j] = p;
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
