package io.alps.ml.prune;

import io.alps.api.model.LayerNames;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

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
                LayerSpec spec = plan.layers().get(i);
                widths.add(spec instanceof LayerSpec.Conv || spec instanceof LayerSpec.Dense ? plan.width(i) : null);
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
        ComputationGraph net = Checkpoints.read(zip);
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

    /** Every way the network's layers differ from those the plan builds (by name); empty when they match. */
    static List<String> mismatches(ComputationGraph net, NetworkPlan plan) {
        List<String> problems = new ArrayList<>();
        Map<String, Layer> have = new LinkedHashMap<>();
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            have.put(l.conf().getLayer().getLayerName(), l.conf().getLayer());
        }
        Map<String, Layer> want = new LinkedHashMap<>();
        NetworkBuilder.configuration(plan, 1e-3, 0, new StandardLayers()).getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex lv) {
                want.put(name, lv.getLayerConf().getLayer());
            }
        });
        for (String name : have.keySet()) {
            if (!want.containsKey(name)) {
                problems.add("it has a layer " + name + " that the plan lacks");
            }
        }
        want.forEach((name, w) -> {
            Layer h = have.get(name);
            if (h == null) {
                problems.add("it has no layer " + name);
            } else if (h.getClass() != w.getClass()
                    // Checkpoints written before MaxPool and Conv hold DL4J's own layers, which they extend.
                    && w.getClass().getSuperclass() != h.getClass()) {
                problems.add("layer " + name + " is a " + h.getClass().getSimpleName() + ", expected a "
                        + w.getClass().getSimpleName());
            } else if (h instanceof ConvolutionLayer hc && w instanceof ConvolutionLayer wc
                    && !java.util.Arrays.equals(hc.getKernelSize(), wc.getKernelSize())) {
                problems.add("layer " + name + " has " + hc.getKernelSize()[0] + "x" + hc.getKernelSize()[1]
                        + " kernels, expected " + wc.getKernelSize()[0] + "x" + wc.getKernelSize()[1]);
            } else if (h instanceof SubsamplingLayer hs && w instanceof SubsamplingLayer ws
                    && !(hs.getPoolingType() == ws.getPoolingType()
                    && java.util.Arrays.equals(hs.getKernelSize(), ws.getKernelSize())
                    && java.util.Arrays.equals(hs.getStride(), ws.getStride()))) {
                problems.add("layer " + name + " pools " + hs.getPoolingType() + " over " + hs.getKernelSize()[0] + "x"
                        + hs.getKernelSize()[1] + " windows with stride " + hs.getStride()[0] + ", expected "
                        + ws.getPoolingType() + " over " + ws.getKernelSize()[0] + "x" + ws.getKernelSize()[1]
                        + " with stride " + ws.getStride()[0]);
            } else if (h instanceof FeedForwardLayer hf && w instanceof FeedForwardLayer wf) {
                if (hf.getNOut() != wf.getNOut()) {
                    problems.add("layer " + name + " has " + hf.getNOut() + (h instanceof ConvolutionLayer ? " filters" : " units")
                            + ", expected " + wf.getNOut());
                } else if (hf.getNIn() != wf.getNIn()) {
                    problems.add("layer " + name + " has " + hf.getNIn() + " inputs, expected " + wf.getNIn());
                }
            }
        });
        return problems;
    }
}
