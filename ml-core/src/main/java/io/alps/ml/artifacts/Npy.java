package io.alps.ml.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** NumPy {@code .npy} files, written by ND4J's own writer so numpy.load reads them. */
public final class Npy {
    private Npy() {
    }

    public static byte[] toBytes(INDArray array) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Nd4j.writeAsNumpy(array.dup('c'), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
