package io.alps.ml.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/** ND4J arrays as ONNX tensors, and the type of a float tensor of a given shape. */
final class OnnxTensors {
    private OnnxTensors() {
    }

    /**
     * {@code array} as a named float tensor of shape {@code dims}, its values in row-major order as
     * ONNX stores them (little-endian raw data, the compact form ONNX Runtime reads directly).
     */
    static Onnx.TensorProto floats(String name, INDArray array, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != array.length()) {
            throw new IllegalArgumentException(name + ": " + array.length() + " values do not fill shape "
                    + java.util.Arrays.toString(dims));
        }
        float[] values = array.castTo(DataType.FLOAT).dup('c').reshape(array.length()).toFloatVector();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder tensor = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** A float tensor's name and type; {@code dims} are sizes, or names for sizes fixed only when run (the batch). */
    static Onnx.ValueInfoProto floatValue(String name, Object... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }
}
