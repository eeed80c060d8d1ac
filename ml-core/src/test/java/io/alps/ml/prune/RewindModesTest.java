package io.alps.ml.prune;

import io.alps.api.kind.lth.LthKind;

import io.alps.api.kind.lth.PruneSchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.api.result.EpochMetrics;
import io.alps.ml.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RewindModesTest {
    private static final ExperimentSpec SPEC = ExperimentSpec.defaults(LthKind.NAME);
    private static final PruneSchedule SCHEDULE = new PruneSchedule(0.3, true);

    @Test
    void registryParsesEveryMode() {
        assertThat(RewindModes.parse("theta0")).isInstanceOf(Theta0Rewind.class);
        assertThat(RewindModes.parse("random")).isInstanceOf(RandomReinit.class);
        assertThat(RewindModes.parse("keep")).isInstanceOf(KeepTrained.class);
        assertThat(RewindModes.parse("epoch:3")).isInstanceOfSatisfying(EpochRewind.class,
                e -> assertThat(e.epoch()).isEqualTo(3));
        assertThatThrownBy(() -> RewindModes.parse("epoch:x")).hasMessageContaining("epoch:E");
        assertThatThrownBy(() -> RewindModes.parse("late")).hasMessageContaining("unknown rewind mode 'late'");
    }

    @Test
    void theta0RewindGivesExactlyTheta0SlicesAfterSeveralRounds() {
        NetworkState theta0 = Fixtures.randomLenet(21);
        NetworkState state = theta0.copy();
        RewindMode mode = new Theta0Rewind();
        for (int round = 0; round < 3; round++) {
            NetworkState trained = train(state, round);
            StructuredPruner.Cut cut = StructuredPruner.cut(trained, theta0.plan(), SCHEDULE, round + 1);
            state = mode.rewind(new RewindMode.Context(SPEC, round, cut, trained, theta0));
            assertKeptWeightsEqual(state, theta0);
        }
        assertThat(state.plan().width(0)).isEqualTo(2);
        assertThat(state.plan().width(2)).isEqualTo(5);
    }

    @Test
    void keepTrainedGivesTheTrainedSlices() {
        NetworkState theta0 = Fixtures.randomLenet(22);
        NetworkState trained = train(theta0.copy(), 0);
        StructuredPruner.Cut cut = StructuredPruner.cut(trained, theta0.plan(), SCHEDULE, 1);
        NetworkState next = new KeepTrained().rewind(new RewindMode.Context(SPEC, 0, cut, trained, theta0));
        assertKeptWeightsEqual(next, trained);
    }

    @Test
    void lateRewindGivesTheSlicesOfTheWeightsAfterEpochEOfRoundZero() {
        NetworkState theta0 = Fixtures.randomLenet(23);
        NetworkState training = theta0.copy();
        EpochRewind mode = new EpochRewind(2);
        Trainer.EpochListener hook = mode.epochHook(0, training);
        perturb(training, 1);
        hook.onEpoch(epoch(1));
        perturb(training, 2);
        NetworkState afterEpoch2 = training.copy();
        hook.onEpoch(epoch(2));
        perturb(training, 3);
        hook.onEpoch(epoch(3));
        assertThat(mode.epochHook(1, training)).as("only round 0 is watched").isNull();

        StructuredPruner.Cut cut = StructuredPruner.cut(training, theta0.plan(), SCHEDULE, 1);
        NetworkState next = mode.rewind(new RewindMode.Context(SPEC, 0, cut, training, theta0));
        assertKeptWeightsEqual(next, afterEpoch2);
    }

    @Test
    void randomReinitIsSeededAndNotTheta0() {
        NetworkState theta0 = Fixtures.randomLenet(24);
        StructuredPruner.Cut cut = StructuredPruner.cut(theta0, theta0.plan(), SCHEDULE, 1);
        RewindMode.Context ctx = new RewindMode.Context(SPEC, 0, cut, theta0, theta0);
        NetworkState a = new RandomReinit().rewind(ctx);
        NetworkState b = new RandomReinit().rewind(ctx);
        assertThat(a.network().params()).isEqualTo(b.network().params());
        assertThat(a.plan()).isEqualTo(cut.plan());
        assertThat(a.network().params()).isNotEqualTo(StructuredPruner.slice(theta0, cut, 1e-3).network().params());
    }

    /**
     * Every weight and bias of {@code pruned} equals the element of {@code source} at the original
     * indices its origins name, checked element by element without the slicing code.
     */
    static void assertKeptWeightsEqual(NetworkState pruned, NetworkState source) {
        var plan = pruned.plan();
        int[] in = {0, 1, 2};
        int[] inSource = {0, 1, 2};
        int spatial = 1;
        for (int i = 0; i <= plan.outputLayerIndex(); i++) {
            if (i < plan.layers().size() && plan.layers().get(i) instanceof io.alps.api.model.LayerSpec.MaxPool) {
                continue;
            }
            boolean output = i == plan.outputLayerIndex();
            int[] out = output ? range(plan.numClasses()) : pruned.origins().of(i, plan.width(i));
            int[] outSource = output ? range(plan.numClasses()) : positions(source, i, out);
            INDArray w = pruned.network().getLayer(i).getParam("W");
            INDArray ws = source.network().getLayer(i).getParam("W");
            INDArray b = pruned.network().getLayer(i).getParam("b");
            INDArray bs = source.network().getLayer(i).getParam("b");
            for (int o = 0; o < out.length; o++) {
                assertThat(b.getFloat(o)).isEqualTo(bs.getFloat(outSource[o]));
                if (w.rank() == 4) {
                    for (int c = 0; c < in.length; c++) {
                        for (int k = 0; k < 25; k++) {
                            assertThat(w.getFloat(o, c, k / 5, k % 5)).isEqualTo(ws.getFloat(outSource[o], inSource[c], k / 5, k % 5));
                        }
                    }
                } else {
                    for (int c = 0; c < in.length; c++) {
                        for (int s = 0; s < spatial; s++) {
                            assertThat(w.getFloat(c * spatial + s, o)).isEqualTo(ws.getFloat(inSource[c] * spatial + s, outSource[o]));
                        }
                    }
                }
            }
            spatial = i == 2 ? 25 : 1;
            in = out;
            inSource = outSource;
        }
    }

    private static int[] positions(NetworkState source, int layer, int[] originals) {
        int[] have = source.origins().of(layer, source.plan().width(layer));
        int[] pos = new int[originals.length];
        for (int j = 0; j < originals.length; j++) {
            pos[j] = java.util.Arrays.binarySearch(have, originals[j]);
            assertThat(pos[j]).isNotNegative();
        }
        return pos;
    }

    /** Stands in for training: moves every weight, so "rewound" and "kept" weights differ. */
    private static NetworkState train(NetworkState state, int round) {
        NetworkState t = state.copy();
        perturb(t, 100 + round);
        return t;
    }

    private static void perturb(NetworkState s, long seed) {
        INDArray p = s.network().params();
        p.addi(org.nd4j.linalg.factory.Nd4j.randn(seed, p.shape()).muli(0.1));
    }

    private static EpochMetrics epoch(int e) {
        return new EpochMetrics(e, 1, 0.5, 1, 0.5, 1, 100);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        java.util.Arrays.setAll(a, i -> i);
        return a;
    }
}
