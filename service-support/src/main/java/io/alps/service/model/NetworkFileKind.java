package io.alps.service.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.alps.service.data.UploadRefused;
import io.alps.service.data.UploadRefused.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an uploaded network file is, told cheaply from its bytes: an ALPS checkpoint is a zip, an
 * ONNX model a protobuf {@code onnx.ModelProto}. The ONNX check walks the message's top-level
 * fields only (skipping their contents), so a large model is checked without being parsed: every
 * field must be one of ModelProto's with its wire type, and {@code ir_version} and {@code graph}
 * must be there. Whether the network fits an experiment is found where it is loaded.
 */
public enum NetworkFileKind {
    ZIP("zip"), ONNX("onnx");

    private static final int IR_VERSION = 1;
    private static final int GRAPH = 7;
    /** onnx.ModelProto's fields and their wire types (onnx.proto). */
    private static final Map<Integer, Integer> MODEL_PROTO_FIELDS = Map.ofEntries(
            Map.entry(IR_VERSION, WireFormat.WIRETYPE_VARINT), Map.entry(2, WireFormat.WIRETYPE_LENGTH_DELIMITED),
            Map.entry(3, WireFormat.WIRETYPE_LENGTH_DELIMITED), Map.entry(4, WireFormat.WIRETYPE_LENGTH_DELIMITED),
            Map.entry(5, WireFormat.WIRETYPE_VARINT), Map.entry(6, WireFormat.WIRETYPE_LENGTH_DELIMITED),
            Map.entry(GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED), Map.entry(8, WireFormat.WIRETYPE_LENGTH_DELIMITED),
            Map.entry(14, WireFormat.WIRETYPE_LENGTH_DELIMITED), Map.entry(20, WireFormat.WIRETYPE_LENGTH_DELIMITED),
            Map.entry(25, WireFormat.WIRETYPE_LENGTH_DELIMITED));

    private final String id;

    NetworkFileKind(String id) {
        this.id = id;
    }

    /** As {@link ModelInfo#kind()} names it. */
    public String id() {
        return id;
    }

    /** The kind of network in {@code file}; {@link UploadRefused} (400) naming the problem when it is neither. */
    public static NetworkFileKind of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return ZIP;
            }
        }
        String problem;
        try (InputStream in = Files.newInputStream(file)) {
            problem = onnxProblem(CodedInputStream.newInstance(in));
        }
        if (problem != null) {
            throw new UploadRefused(Reason.INVALID, "the upload is neither an ALPS checkpoint (a zip, such as "
                    + "final_model.zip) nor an ONNX model: " + problem);
        }
        return ONNX;
    }

    /** Why the stream is no ONNX ModelProto, or null when its top-level fields are a model's. */
    private static String onnxProblem(CodedInputStream in) {
        in.setSizeLimit(Integer.MAX_VALUE);
        boolean irVersion = false;
        boolean graph = false;
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                Integer wireType = MODEL_PROTO_FIELDS.get(field);
                if (wireType == null || wireType != WireFormat.getTagWireType(tag)) {
                    return "at byte " + in.getTotalBytesRead() + " it holds a field no ONNX model has";
                }
                irVersion |= field == IR_VERSION;
                graph |= field == GRAPH;
                if (!in.skipField(tag)) {
                    return "it ends a group it never began";
                }
                // CodedInputStream counts toward its size limit; reset so a large model is walked to its end.
                in.resetSizeCounter();
            }
        } catch (IOException e) {
            return "it ends in the middle of a field";
        }
        if (!irVersion || !graph) {
            return "it has no " + (irVersion ? "graph" : "ir_version");
        }
        return null;
    }
}
