package io.alps.ml.prune;

import io.alps.api.model.LayerNames;
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
import io.alps.api.model.ImageShape;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Structured pruning: decides which units survive ({@link #cut}) and builds the smaller network
 * with the weights of any larger network that still has those units ({@link #slice}). The
 * smaller network really has fewer channels; it computes exactly what the larger one computes
 * with the removed units zeroed (and their batch-norm scale and shift). Works on any plan: layers
 * whose outputs meet in a residual sum are ranked and cut together (a channel group), a batch
 * norm is sliced with the layer it reads, pools and sums pass their input's channels on, and the
 * first dense layer after a flatten or global pool loses the matching inputs.
 */
public final class StructuredPruner {

    /** The next network's shape and, per layer, which original units it keeps. */
    public record Cut(NetworkPlan plan, UnitOrigins origins) {
    }

    private StructuredPruner() {
    }

    /**
     * Which units the network for round {@code round} keeps: every pruned channel group of
     * {@code trained} drops its units with the smallest L1 norm (summed over the group's layers)
     * down to the schedule's count for that round.
     */
    public static Cut cut(NetworkState trained, NetworkPlan original, PruneSchedule schedule, int round) {
        NetworkPlan plan = trained.plan();
        UnitOrigins origins = trained.origins();
        for (List<Integer> group : schedule.groups(original)) {
            int first = group.get(0);
            if (first == NetworkPlan.INPUT) {
                throw new IllegalArgumentException("layers " + names(plan, group) + " are added to the input image's "
                        + "channels, which cannot be cut");
            }
            int width = plan.width(first);
            int keep = Math.min(width, schedule.keep(original.width(first), round));
            if (keep < 1) {
                throw new IllegalArgumentException("pruning would remove every unit of layer "
                        + names(plan, group) + " in round " + round);
            }
            if (keep == width) {
                continue;
            }
            double[] norms = new double[width];
            for (int i : group) {
                INDArray w = NetworkBuilder.layer(trained.network(), plan, i).getParam("W");
                double[] layerNorms = plan.layers().get(i) instanceof LayerSpec.Conv ? L1Ranking.convFilters(w)
                        : L1Ranking.denseUnits(w);
                for (int u = 0; u < width; u++) {
                    norms[u] += layerNorms[u];
                }
            }
            int[] current = origins.of(first, width);
            int[] keptPositions = L1Ranking.strongest(norms, keep);
            int[] kept = new int[keep];
            for (int j = 0; j < keep; j++) {
                kept[j] = current[keptPositions[j]];
            }
            for (int i : group) {
                plan = plan.withWidth(i, keep);
                origins = origins.with(i, kept);
            }
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
        ComputationGraph target = NetworkBuilder.build(plan, learningRate, 0);
        ComputationGraph from = source.network();
        List<ImageShape> shapes = plan.shapes();
        // kept[i]: the positions, among the source's channels of layer i's output, that the target keeps.
        Map<Integer, int[]> kept = new HashMap<>();
        kept.put(NetworkPlan.INPUT, identity(plan.input().channels()));
        for (int i = 0; i <= plan.outputLayerIndex(); i++) {
            LayerSpec spec = i < plan.layers().size() ? plan.layers().get(i) : null;
            List<Integer> in = plan.inputsOf(i);
            int[] inputs = kept.get(in.get(0));
            if (spec instanceof LayerSpec.MaxPool || spec instanceof LayerSpec.GlobalAvgPool) {
                kept.put(i, inputs);
                continue;
            }
            if (spec instanceof LayerSpec.Add) {
                for (int other : in) {
                    if (!java.util.Arrays.equals(kept.get(other), inputs)) {
                        throw new IllegalStateException(LayerNames.of(plan, i) + " adds channels that were cut differently");
                    }
                }
                kept.put(i, inputs);
                continue;
            }
            Layer src = NetworkBuilder.layer(from, source.plan(), i);
            Layer dst = NetworkBuilder.layer(target, plan, i);
            if (spec instanceof LayerSpec.BatchNorm) {
                // Sliced with the layer it reads: its scale, shift and statistics per kept channel.
                for (String param : src.paramTable().keySet()) {
                    INDArray values = src.getParam(param);
                    dst.setParam(param, Slices.take(values, values.rank() - 1, inputs));
                }
                kept.put(i, inputs);
                continue;
            }
            int[] outputs = spec == null ? identity(plan.numClasses())
                    : positions(source.origins().of(i, source.plan().width(i)), cut.origins().of(i, plan.width(i)), i);
            if (spec instanceof LayerSpec.Conv) {
                dst.setParam("W", Slices.take(Slices.take(src.getParam("W"), 0, outputs), 1, inputs));
            } else {
                int from0 = in.get(0);
                ImageShape read = from0 == NetworkPlan.INPUT ? plan.input() : shapes.get(from0);
                int[] rows = Slices.flattenedRows(inputs, read.height() * read.width());
                dst.setParam("W", Slices.take(Slices.take(src.getParam("W"), 0, rows), 1, outputs));
            }
            INDArray bias = src.getParam("b");
            if (bias != null) {
                dst.setParam("b", Slices.take(bias, bias.rank() - 1, outputs));
            }
            kept.put(i, outputs);
        }
        return new NetworkState(plan, target, cut.origins());
    }

    private static String names(NetworkPlan plan, List<Integer> group) {
        return group.stream().filter(i -> i != NetworkPlan.INPUT).map(i -> LayerNames.of(plan, i))
                .collect(java.util.stream.Collectors.joining("+"));
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
