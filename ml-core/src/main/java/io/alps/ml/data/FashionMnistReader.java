package io.alps.ml.data;

import io.alps.api.data.DatasetLayout;

import io.alps.api.model.ImageShape;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Fashion-MNIST's IDX files, plain or gzip-compressed. The 28x28 images are zero-padded by
 * two pixels on each side to 1x32x32, the input size LeNet-5 was designed for (as the original
 * LeNet-5 did with MNIST), so the same architecture serves both data sets unchanged.
 */
public final class FashionMnistReader {
    public static final ImageShape SHAPE = DatasetLayout.FASHION_SHAPE;
    static final int SOURCE_SIDE = 28;
    static final int PAD = 2;
    static final List<String> CLASS_NAMES = DatasetLayout.FASHION_CLASSES;
    private static final int IMAGES_MAGIC = DatasetLayout.IDX_IMAGES_MAGIC;
    private static final int LABELS_MAGIC = DatasetLayout.IDX_LABELS_MAGIC;

    public static boolean isComplete(Path dir) {
        return DatasetLayout.isFashion(dir);
    }

    public RawImages readTrain(Path dir) {
        return collect(dir, DatasetLayout.FASHION_TRAIN);
    }

    public RawImages readTest(Path dir) {
        return collect(dir, DatasetLayout.FASHION_TEST);
    }

    private RawImages collect(Path dir, String prefix) {
        RawImages.Collector images = new RawImages.Collector(SHAPE, CLASS_NAMES);
        read(dir, prefix, SHAPE.width(), images);
        return images.images();
    }

    /** Streams the training images, padded to 32x32 and then brought to {@code size} x {@code size}, into {@code sink}. */
    public void readTrain(Path dir, int size, ImageSink sink) {
        read(dir, DatasetLayout.FASHION_TRAIN, size, sink);
    }

    /** Streams the test images as {@link #readTrain(Path, int, ImageSink)} does. */
    public void readTest(Path dir, int size, ImageSink sink) {
        read(dir, DatasetLayout.FASHION_TEST, size, sink);
    }

    /** The shape of the images at {@code size}: the padded 1x32x32 resampled (bilinear) to size x size. */
    public static ImageShape shape(int size) {
        return new ImageShape(SHAPE.channels(), size, size);
    }

    private void read(Path dir, String prefix, int size, ImageSink sink) {
        Path imagesFile = require(dir, DatasetLayout.fashionImages(prefix));
        Path labelsFile = require(dir, DatasetLayout.fashionLabels(prefix));
        try {
            // Headers against file sizes first: a header announcing more than the file holds allocates nothing.
            DatasetLayout.checkFashion(dir, prefix);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        int[] labels = readLabels(labelsFile);
        byte[] image = new byte[SOURCE_SIDE * SOURCE_SIDE];
        byte[] padded = new byte[SHAPE.pixels()];
        byte[] resized = size == SHAPE.width() ? null : new byte[shape(size).pixels()];
        try (DataInputStream in = open(imagesFile)) {
            int count = header(in, imagesFile, IMAGES_MAGIC);
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows != SOURCE_SIDE || cols != SOURCE_SIDE) {
                throw new DataException(imagesFile + ": images are " + rows + "x" + cols + ", expected 28x28");
            }
            if (count != labels.length) {
                throw new DataException(imagesFile + " holds " + count + " images but its label file holds " + labels.length);
            }
            for (int i = 0; i < count && sink.wantsMore(); i++) {
                in.readFully(image);
                for (int row = 0; row < SOURCE_SIDE; row++) {
                    System.arraycopy(image, row * SOURCE_SIDE, padded, (row + PAD) * SHAPE.width() + PAD, SOURCE_SIDE);
                }
                if (resized == null) {
                    sink.add(padded, 0, labels[i], null);
                } else {
                    Resampling.bilinear(padded, 0, 1, SHAPE.height(), SHAPE.width(), resized, 0, size, size);
                    sink.add(resized, 0, labels[i], null);
                }
            }
        } catch (EOFException e) {
            throw new DataException(imagesFile + " is truncated: fewer pixels than its header announces", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + imagesFile + ": " + e.getMessage(), e);
        }
    }

    private static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int count = header(in, file, LABELS_MAGIC);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                int label = in.readUnsignedByte();
                if (label >= CLASS_NAMES.size()) {
                    throw new DataException(file + ": label " + i + " is " + label + ", expected 0-9");
                }
                labels[i] = label;
            }
            return labels;
        } catch (EOFException e) {
            throw new DataException(file + " is truncated: fewer labels than its header announces", e);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int header(DataInputStream in, Path file, int magic) throws IOException {
        int actual = in.readInt();
        if (actual != magic) {
            throw new DataException(file + " is not an IDX file of the expected kind: magic " + actual + ", expected " + magic);
        }
        return in.readInt();
    }

    private static DataInputStream open(Path file) throws IOException {
        return DatasetLayout.openIdx(file);
    }

    private static Path require(Path dir, String base) {
        Path found = DatasetLayout.fashionFile(dir, base);
        if (found == null) {
            throw new DataException("missing Fashion-MNIST file " + dir.resolve(base) + "[.gz]: " + DatasetLoader.FASHION_HINT);
        }
        return found;
    }
}
