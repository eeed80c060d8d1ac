package io.alps.ml.prune;

import io.alps.api.kind.lth.PruneSchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.UnitOrigins;
import io.alps.api.model.NetworkPlan;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StructuredPrunerTest {

    @Test
    void slicedNetworkEqualsFullNetworkWithRemovedFiltersZeroed() {
        NetworkState full = Fixtures.randomLenet(11);
        int[] conv0 = {0, 2, 3, 5};
        int[] conv2 = {1, 2, 4, 7, 8, 9, 12, 15};
        StructuredPruner.Cut cut = cutOf(full.plan(), new int[][] {conv0, null, conv2});

        NetworkState sliced = StructuredPruner.slice(full, cut, 1e-3);

        assertThat(sliced.network().getLayer(0).getParam("W").shape()).containsExactly(4, 3, 5, 5);
        assertThat(sliced.network().getLayer(2).getParam("W").shape()).containsExactly(8, 4, 5, 5);
        // The first dense layer after the flatten keeps 8 channels x 5 x 5 input rows.
        assertThat(sliced.network().getLayer(4).getParam("W").shape()).containsExactly(8 * 25, 120);
        assertSameOutputs(sliced.network(), zeroed(full.network(), cut));
    }

    @Test
    void slicedDenseUnitsEqualZeroedUnits() {
        NetworkState full = Fixtures.randomLenet(12);
        StructuredPruner.Cut cut = cutOf(full.plan(), new int[][] {
                {1, 2, 3, 4, 5}, null, {0, 3, 5, 6, 10, 11, 13, 14}, null, evens(120), evens(84)});

        NetworkState sliced = StructuredPruner.slice(full, cut, 1e-3);

        assertThat(sliced.network().getLayer(5).getParam("W").shape()).containsExactly(60, 42);
        assertThat(sliced.network().getLayer(6).getParam("W").shape()).containsExactly(42, 10);
        assertSameOutputs(sliced.network(), zeroed(full.network(), cut));
    }

    @Test
    void cutRemovesTheFiltersWithTheSmallestL1Norm() {
        NetworkState net = Fixtures.randomLenet(13);
        INDArray w = net.network().getLayer(2).getParam("W");
        w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3)).muli(0.01);
        net.network().getLayer(2).setParam("W", w);

        // Round 2 at 0.02 keeps 15 of 16 filters and 6 of 6.
        StructuredPruner.Cut cut = StructuredPruner.cut(net, net.plan(), new PruneSchedule(0.02, false), 2);

        assertThat(cut.plan().width(2)).isEqualTo(15);
        assertThat(cut.plan().width(0)).isEqualTo(6);
        assertThat(cut.origins().of(2, 15)).doesNotContain(3).hasSize(15);
        assertThat(cut.origins().of(0, 6)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void originsComposeOverRoundsSoPrunedNetworksStillMapToTheOriginal() {
        NetworkState full = Fixtures.randomLenet(14);
        PruneSchedule schedule = new PruneSchedule(0.3, false);
        StructuredPruner.Cut first = StructuredPruner.cut(full, full.plan(), schedule, 1);
        NetworkState pruned = StructuredPruner.slice(full, first, 1e-3);
        StructuredPruner.Cut second = StructuredPruner.cut(pruned, full.plan(), schedule, 2);

        int[] kept = second.origins().of(2, second.plan().width(2));
        assertThat(second.plan().width(2)).isEqualTo(8);
        assertThat(first.origins().of(2, 11)).contains(kept);
        // Slicing the ORIGINAL by the composed origins and slicing the pruned network agree.
        assertSameOutputs(StructuredPruner.slice(full, second, 1e-3).network(),
                StructuredPruner.slice(pruned, second, 1e-3).network());
    }

    static void assertSameOutputs(ComputationGraph a, ComputationGraph b) {
        INDArray x = Fixtures.images(16, Fixtures.CIFAR, 99);
        float[] pa = Fixtures.flat(a.outputSingle(false, x));
        float[] pb = Fixtures.flat(b.outputSingle(false, x));
        assertThat(pa).hasSameSizeAs(pb);
        double maxDiff = 0;
        for (int i = 0; i < pa.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(pa[i] - pb[i]));
        }
        assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
        // The check means something only if outputs are not trivially equal (e.g. uniform).
        assertThat(pa[0]).isNotCloseTo(0.1f, within(1e-4f));
    }

    /** A copy of {@code full} where every unit the cut drops has zero incoming weights and bias. */
    static ComputationGraph zeroed(ComputationGraph full, StructuredPruner.Cut cut) {
        ComputationGraph z = full.clone();
        NetworkPlan plan = cut.plan();
        for (int i : plan.weightedLayers()) {
            Layer layer = z.getLayer(i);
            int width = (int) layer.getParam("b").length();
            java.util.Set<Integer> kept = new java.util.HashSet<>();
            for (int o : cut.origins().of(i, plan.width(i))) {
                kept.add(o);
            }
            INDArray w = layer.getParam("W").dup();
            INDArray b = layer.getParam("b").dup();
            for (int o = 0; o < width; o++) {
                if (!kept.contains(o)) {
                    if (w.rank() == 4) {
                        w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(o)).assign(0);
                    } else {
                        w.getColumn(o).assign(0);
                    }
                    b.putScalar(o, 0);
                }
            }
            layer.setParam("W", w);
            layer.setParam("b", b);
        }
        return z;
    }

    /** A cut of the plan keeping the given original units per layer (null = all). */
    static StructuredPruner.Cut cutOf(NetworkPlan plan, int[][] kept) {
        UnitOrigins origins = UnitOrigins.identity();
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] != null) {
                plan = plan.withWidth(i, kept[i].length);
                origins = origins.with(i, kept[i]);
            }
        }
        return new StructuredPruner.Cut(plan, origins);
    }

    private static int[] evens(int n) {
        int[] a = new int[n / 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * i;
        }
        return a;
    }

    static {
        Nd4j.getRandom().setSeed(1);
    }
}
