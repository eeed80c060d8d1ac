package io.alps.ml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.lth.PruneSchedule;
import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.api.report.DirectorySink;
import io.alps.ml.al.FinalModel;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.onnx.OnnxRuntimeRun;
import io.alps.ml.popup.PopupInit;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupSettings;
import io.alps.ml.prune.LthMethod;
import io.alps.ml.prune.PrunedCheckpoints;
import io.alps.ml.prune.StructuredPruner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code ./alps export} turns every kind of checkpoint ALPS writes into ONNX, and names the file it cannot read. */
class ExportCommandTest {
    private static final ImageShape CIFAR = new ImageShape(3, 32, 32);

    @TempDir
    Path tmp;
    @org.junit.jupiter.api.extension.RegisterExtension
    final CapturedErr err = new CapturedErr();

    private static NetworkState lenet() {
        NetworkPlan plan = Architectures.get("lenet5").plan(CIFAR, 10);
        return new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 7));
    }

    @Test
    void anExperimentsFinalModelExportsAsTheNetworkItHolds() throws Exception {
        NetworkState state = lenet();
        Path checkpoint = tmp.resolve(FinalModel.CHECKPOINT);
        Files.write(checkpoint, NetworkStateCodec.toBytes(state));

        assertExportsAs(checkpoint, state.network(), "lenet5");
    }

    @Test
    void aPruningRoundsNetworkExportsAtItsCutSize() throws Exception {
        NetworkState dense = lenet();
        PruneSchedule schedule = new PruneSchedule(0.5, true);
        NetworkState pruned = StructuredPruner.slice(dense, StructuredPruner.cut(dense, dense.plan(), schedule, 1), 1e-3);
        PrunedCheckpoints.write(new DirectorySink(tmp), LthMethod.MODELS, 1, pruned);

        Onnx.ModelProto model = assertExportsAs(tmp.resolve(LthMethod.MODELS).resolve(PrunedCheckpoints.zipName(1)),
                pruned.network(), "lenet5");
        Onnx.TensorProto conv0 = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("conv0.weight")).findFirst().orElseThrow();
        assertThat(conv0.getDimsList()).containsExactly((long) pruned.plan().width(0), 3L, 5L, 5L);
        assertThat(conv0.getDims(0)).isLessThan(dense.plan().width(0));
    }

    @Test
    void anEdgePopupSubnetStoredWithoutItsPlanExportsWithThePlanReadBackFromTheNetwork() throws Exception {
        NetworkPlan plan = Architectures.get("lenet5").plan(CIFAR, 10);
        ComputationGraph net = NetworkBuilder.build(plan, 0.1, 3,
                new PopupLayers(new PopupSettings(0.3, Map.of(), PopupInit.KAIMING_NORMAL)));
        Path subnet = tmp.resolve("final_subnet.zip");
        Checkpoints.write(net, subnet);

        assertExportsAs(subnet, net, "lenet5");
    }

    @Test
    void aMissingOrUnreadableCheckpointFailsWithOneLineNamingIt() throws Exception {
        Path out = tmp.resolve("model.onnx");
        Path missing = tmp.resolve("nowhere.zip");
        assertThat(AlpsCli.execute("export", "--model", missing.toString(), "--out", out.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);
        Path garbage = Files.write(tmp.resolve("notes.zip"), "not a network".getBytes());
        assertThat(AlpsCli.execute("export", "--model", garbage.toString(), "--out", out.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);

        assertThat(err.toString().lines()).containsExactly(
                "alps: checkpoint " + missing + " does not exist",
                "alps: " + garbage + " is not an ALPS checkpoint (an experiment's final_model.zip, a round's "
                        + "models/round_<r>.zip with its .json, or a network zip ALPS wrote)");
        assertThat(out).doesNotExist();
    }

    /** Exports {@code checkpoint} through the command line and checks ONNX Runtime computes what {@code network} does. */
    private Onnx.ModelProto assertExportsAs(Path checkpoint, ComputationGraph network, String architecture) throws Exception {
        Path out = tmp.resolve("exported").resolve("model.onnx");
        assertThat(AlpsCli.execute("export", "--model", checkpoint.toString(), "--out", out.toString()))
                .as(err.toString()).isZero();
        byte[] bytes = Files.readAllBytes(out);
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(bytes);
        assertThat(model.getGraph().getName()).isEqualTo(architecture);
        INDArray images = Nd4j.randn(4, new long[] {3, CIFAR.channels(), CIFAR.height(), CIFAR.width()});
        INDArray alps = network.outputSingle(false, images);
        try (OnnxRuntimeRun run = new OnnxRuntimeRun(bytes)) {
            float[][] onnx = run.probabilities(images);
            for (int i = 0; i < onnx.length; i++) {
                for (int c = 0; c < onnx[i].length; c++) {
                    assertThat(Math.abs(onnx[i][c] - alps.getDouble(i, c))).isLessThanOrEqualTo(1e-4);
                }
            }
        }
        return model;
    }
}
