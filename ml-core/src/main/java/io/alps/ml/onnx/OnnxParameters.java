package io.alps.ml.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learned numbers of an ONNX graph, layer by layer in the graph's order (ONNX requires its
 * nodes topologically sorted): each Conv, BatchNormalization and fully connected layer (Gemm, or
 * MatMul with an Add of a constant after it) with its constant tensors. Read by structure, not by
 * name, so a graph exported by PyTorch, by ALPS or by another tool gives the same list for the
 * same network. Dense weights come as [in, out], DL4J's layout, whichever layout the file uses.
 */
public final class OnnxParameters {
    /** What a layer computes; its tensors are in {@code tensors} in the order named here. */
    public enum Kind {
        /** weight [out, in, kH, kW], bias [out] or absent. */
        CONV,
        /** scale, shift, running mean, running variance, each [channels]. */
        BATCH_NORM,
        /** weight [in, out], bias [out] or absent. */
        DENSE
    }

    /** One layer: its node's name (or operator and position when unnamed), its tensors, and a batch norm's epsilon. */
    public record Layer(Kind kind, String node, List<INDArray> tensors, double epsilon) {
        public INDArray weight() {
            return tensors.get(0);
        }

        public INDArray bias() {
            return tensors.size() > 1 ? tensors.get(1) : null;
        }

        public String describe() {
            return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " '" + node + "'";
        }
    }

    private OnnxParameters() {
    }

    /** The layers of {@code model}'s graph in order; an unreadable constant or layout is an {@link IllegalArgumentException}. */
    public static List<Layer> of(Onnx.ModelProto model) {
        Onnx.GraphProto graph = model.getGraph();
        Map<String, Onnx.TensorProto> constants = new HashMap<>();
        graph.getInitializerList().forEach(t -> constants.put(t.getName(), t));
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if ("Constant".equals(node.getOpType())) {
                node.getAttributeList().stream().filter(a -> "value".equals(a.getName()) && a.hasT())
                        .findFirst().ifPresent(a -> constants.put(node.getOutput(0), a.getT()));
            } else if ("Identity".equals(node.getOpType()) && constants.containsKey(node.getInput(0))) {
                // PyTorch stores equal tensors once and hands the copies on through Identity nodes.
                constants.put(node.getOutput(0), constants.get(node.getInput(0)));
            }
        }
        List<Layer> layers = new ArrayList<>();
        Map<String, Integer> matMulOutputs = new HashMap<>();
        List<Onnx.NodeProto> nodes = graph.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            Onnx.NodeProto node = nodes.get(i);
            String name = node.getName().isEmpty() ? node.getOpType() + "#" + i : node.getName();
            switch (node.getOpType()) {
                case "Conv" -> layers.add(new Layer(Kind.CONV, name, tensors(node, name, constants, 1, 2), 0));
                case "BatchNormalization" -> layers.add(new Layer(Kind.BATCH_NORM, name,
                        tensors(node, name, constants, 1, 4), floatAttribute(node, "epsilon", 1e-5f)));
                case "Gemm" -> layers.add(gemm(node, name, constants));
                case "MatMul" -> {
                    List<INDArray> w = tensors(node, name, constants, 1, 1);
                    matMulOutputs.put(node.getOutput(0), layers.size());
                    layers.add(new Layer(Kind.DENSE, name, w, 0));
                }
                case "Add" -> {
                    // A MatMul's bias: the Add of a constant to its output.
                    for (int side = 0; side < 2 && node.getInputCount() == 2; side++) {
                        Integer at = matMulOutputs.get(node.getInput(side));
                        Onnx.TensorProto bias = constants.get(node.getInput(1 - side));
                        if (at != null && bias != null) {
                            Layer dense = layers.get(at);
                            layers.set(at, new Layer(Kind.DENSE, dense.node(), List.of(dense.weight(),
                                    array(bias, name).reshape(-1)), 0));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return layers;
    }

    private static Layer gemm(Onnx.NodeProto node, String name, Map<String, Onnx.TensorProto> constants) {
        if (intAttribute(node, "transA", 0) != 0 || floatAttribute(node, "alpha", 1f) != 1f
                || floatAttribute(node, "beta", 1f) != 1f) {
            throw new IllegalArgumentException(name + ": a Gemm with transA, alpha or beta other than 0, 1, 1 is not "
                    + "a fully connected layer ALPS can load");
        }
        List<INDArray> t = new ArrayList<>(tensors(node, name, constants, 1, 2));
        if (intAttribute(node, "transB", 0) != 0) {
            t.set(0, t.get(0).transpose().dup('c'));
        }
        if (t.size() > 1) {
            t.set(1, t.get(1).reshape(-1));
        }
        return new Layer(Kind.DENSE, name, List.copyOf(t), 0);
    }

    /** The node's inputs {@code from} .. {@code to} that are present, each a constant of the file. */
    private static List<INDArray> tensors(Onnx.NodeProto node, String name, Map<String, Onnx.TensorProto> constants,
                                          int from, int to) {
        List<INDArray> out = new ArrayList<>();
        for (int i = from; i <= to && i < node.getInputCount(); i++) {
            String input = node.getInput(i);
            if (input.isEmpty()) {
                continue;
            }
            Onnx.TensorProto t = constants.get(input);
            if (t == null) {
                throw new IllegalArgumentException(name + ": input '" + input + "' is computed, not a constant of the "
                        + "file; export the network with its weights as initializers (constant folding on)");
            }
            out.add(array(t, name));
        }
        return List.copyOf(out);
    }

    /** A float tensor's values in its shape; external data and other types are refused with the tensor's name. */
    static INDArray array(Onnx.TensorProto t, String node) {
        if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(node + ": tensor '" + t.getName() + "' is of ONNX type " + t.getDataType()
                    + ", not float32");
        }
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException(node + ": tensor '" + t.getName() + "' is stored outside the file");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] values;
        if (!t.getRawData().isEmpty()) {
            values = new float[(int) count];
            ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            values = new float[t.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        }
        if (values.length != count) {
            throw new IllegalArgumentException(node + ": tensor '" + t.getName() + "' has " + values.length
                    + " values for shape " + Arrays.toString(shape));
        }
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
    }

    private static long intAttribute(Onnx.NodeProto node, String name, long otherwise) {
        return node.getAttributeList().stream().filter(a -> name.equals(a.getName())).mapToLong(Onnx.AttributeProto::getI)
                .findFirst().orElse(otherwise);
    }

    private static float floatAttribute(Onnx.NodeProto node, String name, float otherwise) {
        return node.getAttributeList().stream().filter(a -> name.equals(a.getName())).map(Onnx.AttributeProto::getF)
                .findFirst().orElse(otherwise);
    }
}
