package io.alps.ml.cli;

import io.alps.api.data.FolderLayout;
import io.alps.ml.al.NetworkState;
import io.alps.ml.data.DataException;
import io.alps.ml.data.FolderImageReader;
import io.alps.ml.data.ImagePreparation;
import io.alps.ml.train.Evaluator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's class for each image file under a folder (recursively, in path order), the images
 * prepared as its training images were ({@link ImagePreparation}: the same resize rule to the same
 * side, the training set's per-channel statistics), written as CSV: file (relative to the folder),
 * class, probability (the largest).
 */
final class FolderPredictions {
    static final String[] HEADER = {"file", "class", "probability"};

    private final NetworkState network;
    private final ImagePreparation images;

    FolderPredictions(NetworkState network, ImagePreparation images) {
        if (images.shape().channels() != 3 || network.plan().input().channels() != 3) {
            throw new IllegalArgumentException("predict --data reads colour images; this network takes "
                    + network.plan().input().channels() + "-channel ones (give them as --input X.npy)");
        }
        if (!images.shape().equals(network.plan().input()) || images.classNames().size() != network.plan().numClasses()) {
            throw new IllegalArgumentException("the checkpoint's image preparation (" + images.shape() + ", "
                    + images.classNames().size() + " classes) does not match its network (" + network.plan().input()
                    + ", " + network.plan().numClasses() + " classes)");
        }
        this.network = network;
        this.images = images;
    }

    /** The image files under {@code dir}, sorted by path; none is an error naming the folder. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("--data " + dir + " is not a folder");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).filter(FolderLayout::isImage).sorted().toList();
            if (files.isEmpty()) {
                throw new DataException("no image files (" + String.join(", ", FolderLayout.IMAGE_EXTENSIONS.stream()
                        .sorted().toList()) + ") under " + dir);
            }
            return files;
        } catch (IOException e) {
            throw new DataException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes one row per image of {@code dir} to {@code out}; returns how many. */
    int write(Path dir, Path out) throws IOException {
        List<Path> files = files(dir);
        FolderImageReader reader = new FolderImageReader();
        int side = images.shape().width();
        int pixels = images.shape().pixels();
        List<String> classes = images.classNames();
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).build())) {
            int chunk = Evaluator.chunk(Evaluator.CHUNK, images.shape());
            for (int from = 0; from < files.size(); from += chunk) {
                int to = Math.min(files.size(), from + chunk);
                float[] batch = new float[(to - from) * pixels];
                for (int i = from; i < to; i++) {
                    String name = dir.relativize(files.get(i)).toString();
                    System.arraycopy(images.normalise(reader.pixels(files.get(i), name, side)), 0, batch,
                            (i - from) * pixels, pixels);
                }
                INDArray input = Nd4j.create(batch, new long[] {to - from, images.shape().channels(),
                        images.shape().height(), images.shape().width()}, 'c');
                INDArray probabilities = network.network().outputSingle(false, input).castTo(DataType.FLOAT);
                for (int i = from; i < to; i++) {
                    INDArray row = probabilities.getRow(i - from);
                    int best = row.argMax().getInt(0);
                    csv.printRecord(dir.relativize(files.get(i)).toString().replace('\\', '/'), classes.get(best),
                            row.getFloat(best));
                }
            }
        }
        return files.size();
    }
}
