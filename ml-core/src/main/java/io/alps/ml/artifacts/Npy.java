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

    /**
     * The array a {@code .npy} file holds, read by ND4J's reader.
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a NumPy array
     */
    public static INDArray read(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + (java.nio.file.Files.isDirectory(file) ? " is a directory, not a .npy file"
                    : " does not exist"));
        }
        try {
            return Nd4j.createFromNpyFile(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a NumPy .npy array ND4J can read: " + e.getMessage(), e);
        }
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
