package io.alps.ml.prune;

import io.alps.api.kind.lth.LayerNames;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.UnitOrigins;
import io.alps.api.report.ArtifactSink;
import io.alps.api.report.Json;
import io.alps.api.model.ImageShape;
import io.alps.api.model.Architectures;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.Checkpoints.CheckpointException;
import io.alps.api.model.LayerSpec;
import io.alps.ml.model.ModelStats;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.model.StandardLayers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A pruned network on disk: {@code round_<r>.zip} (DL4J's checkpoint), {@code round_<r>.json} (the
 * architecture, widths and unit origins, which the zip alone cannot say) and a readable
 * {@code round_<r>_summary.txt}. Reading checks that the network really is the plan the JSON
 * describes, so a checkpoint of another architecture or a corrupt file fails with a clear message.
 */
public final class PrunedCheckpoints {
    /** What the DL4J zip cannot carry: the plan it was built from and the kept units' origins. */
    public record Info(String architecture, int channels, int height, int width, int numClasses,
                       List<Integer> widths, UnitOrigins origins) {
        static Info of(NetworkState state) {
            NetworkPlan plan = state.plan();
            List<Integer> widths = new ArrayList<>();
            for (int i = 0; i < plan.layers().size(); i++) {
                widths.add(plan.layers().get(i) instanceof LayerSpec.MaxPool ? null : plan.width(i));
            }
            return new Info(plan.architecture(), plan.input().channels(), plan.input().height(), plan.input().width(),
                    plan.numClasses(), widths, state.origins());
        }

        NetworkPlan plan() {
            NetworkPlan plan = Architectures.get(architecture)
                    .plan(new ImageShape(channels, height, width), numClasses);
            if (widths == null || widths.size() != plan.layers().size()) {
                throw new IllegalArgumentException("widths list " + widths + " does not fit " + architecture + "'s "
                        + plan.layers().size() + " layers");
            }
            for (int i = 0; i < widths.size(); i++) {
                if (widths.get(i) != null) {
                    plan = plan.withWidth(i, widths.get(i));
                }
            }
            return plan;
        }
    }

    private PrunedCheckpoints() {
    }

    public static String zipName(int round) {
        return "round_" + round + ".zip";
    }

    public static String infoName(int round) {
        return "round_" + round + ".json";
    }

    public static String summaryName(int round) {
        return "round_" + round + "_summary.txt";
    }

    /** Writes the three files of round {@code round} under {@code dir} (e.g. "models"). */
    public static void write(ArtifactSink sink, String dir, int round, NetworkState state) {
        sink.write(dir + "/" + infoName(round), Json.toBytes(Info.of(state)));
        sink.write(dir + "/" + zipName(round), Checkpoints.toBytes(state.network()));
        sink.write(dir + "/" + summaryName(round), summary(round, state).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Layers, output shapes, params and MACs of the network, and which original units it kept. */
    public static String summary(int round, NetworkState state) {
        NetworkPlan plan = state.plan();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("round %d: %s, input %s, %d classes%n%n", round, plan.architecture(), plan.input(),
                plan.numClasses()));
        sb.append(ModelStats.of(state.network(), plan).summary());
        sb.append(String.format("%nkept units (indices in the original network):%n"));
        for (int i : plan.weightedLayers()) {
            int[] kept = state.origins().of(i, plan.width(i));
            sb.append(String.format("%-8s %4d  %s%n", LayerNames.of(plan, i), kept.length,
                    state.origins().isPruned(i) ? java.util.Arrays.toString(kept) : "all (not pruned)"));
        }
        return sb.toString();
    }

    /**
     * Reads a checkpoint written by {@link #write} and checks it: the JSON beside it must name a
     * known architecture, and the network's layers must have exactly the widths it records.
     */
    public static NetworkState read(Path zip) {
        String name = zip.getFileName().toString();
        if (!name.endsWith(".zip")) {
            throw new CheckpointException("checkpoint " + zip + " is not a .zip file");
        }
        Path infoFile = zip.resolveSibling(name.substring(0, name.length() - 4) + ".json");
        if (!Files.isRegularFile(infoFile)) {
            throw new CheckpointException("checkpoint " + zip + " has no " + infoFile.getFileName()
                    + " beside it: not a checkpoint written by the lth experiment");
        }
        Info info;
        NetworkPlan plan;
        try {
            info = new ObjectMapper().readValue(Files.readAllBytes(infoFile), Info.class);
            plan = info.plan();
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("checkpoint description " + infoFile + " is corrupt: " + e.getMessage(), e);
        }
        MultiLayerNetwork net = Checkpoints.read(zip);
        List<String> problems = mismatches(net, plan);
        if (!problems.isEmpty()) {
            throw new CheckpointException("checkpoint " + zip + " is not the " + plan.architecture() + " network "
                    + info.widths() + " that " + infoFile.getFileName() + " describes: " + String.join("; ", problems));
        }
        try {
            for (int i : plan.weightedLayers()) {
                info.origins().of(i, plan.width(i));
            }
        } catch (IllegalStateException e) {
            throw new CheckpointException("checkpoint description " + infoFile + " is inconsistent: " + e.getMessage(), e);
        }
        return new NetworkState(plan, net, info.origins());
    }

    /** Every way the network's layer structure differs from the plan; empty when it matches. */
    static List<String> mismatches(MultiLayerNetwork net, NetworkPlan plan) {
        List<String> problems = new ArrayList<>();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int expected = plan.layers().size() + 1;
        if (net.getnLayers() != expected) {
            problems.add("it has " + net.getnLayers() + " layers, expected " + expected);
            return problems;
        }
        for (int i = 0; i < expected; i++) {
            Layer layer = conf.getConf(i).getLayer();
            LayerSpec spec = i < plan.layers().size() ? plan.layers().get(i) : null;
            String where = "layer " + i + " (" + layer.getClass().getSimpleName() + ")";
            if (spec instanceof LayerSpec.Conv c) {
                if (!(layer instanceof ConvolutionLayer conv)) {
                    problems.add(where + " is not a convolution");
                } else if (conv.getNOut() != c.filters() || conv.getKernelSize()[0] != c.kernel()) {
                    problems.add(where + " has " + conv.getNOut() + " filters of " + conv.getKernelSize()[0] + "x"
                            + conv.getKernelSize()[1] + ", expected " + c.filters() + " of " + c.kernel() + "x" + c.kernel());
                }
            } else if (spec instanceof LayerSpec.BatchNorm) {
                if (!(layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)) {
                    problems.add(where + " is not a batch norm");
                }
            } else if (spec instanceof LayerSpec.MaxPool) {
                if (!(layer instanceof SubsamplingLayer)) {
                    problems.add(where + " is not a pooling layer");
                }
            } else if (spec instanceof LayerSpec.Dense d) {
                if (!(layer instanceof DenseLayer dense)) {
                    problems.add(where + " is not a dense layer");
                } else if (dense.getNOut() != d.units()) {
                    problems.add(where + " has " + dense.getNOut() + " units, expected " + d.units());
                }
            } else if (!(layer instanceof OutputLayer out) || out.getNOut() != plan.numClasses()) {
                problems.add(where + " is not an output layer of " + plan.numClasses() + " classes");
            }
        }
        if (problems.isEmpty()) {
            // Widths match, so any remaining difference is in the inputs (e.g. another image size).
            MultiLayerConfiguration reference = NetworkBuilder.configuration(plan, 1e-3, 0, new StandardLayers());
            for (int i = 0; i < expected; i++) {
                if (conf.getConf(i).getLayer() instanceof FeedForwardLayer ff
                        && reference.getConf(i).getLayer() instanceof FeedForwardLayer want && ff.getNIn() != want.getNIn()) {
                    problems.add("layer " + i + " has " + ff.getNIn() + " inputs, expected " + want.getNIn());
                }
            }
        }
        return problems;
    }
}
