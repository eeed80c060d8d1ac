package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images exactly as read from disk: one byte per channel value, NCHW order, before any scaling.
 * Readers produce this; {@link DatasetLoader} turns it into a normalised {@link Dataset}. A label
 * of {@link Dataset#UNLABELED} marks an image the data set has no label for; {@code names} (null
 * for the benchmark sets) says which file each image came from.
 */
public record RawImages(byte[] pixels, int[] labels, ImageShape shape, List<String> classNames, List<String> names) {
    public RawImages {
        if (pixels.length != (long) labels.length * shape.pixels()) {
            throw new IllegalArgumentException("pixels for " + pixels.length / shape.pixels() + " images but "
                    + labels.length + " labels");
        }
        if (names != null && names.size() != labels.length) {
            throw new IllegalArgumentException(names.size() + " names for " + labels.length + " images");
        }
    }

    public RawImages(byte[] pixels, int[] labels, ImageShape shape, List<String> classNames) {
        this(pixels, labels, shape, classNames, null);
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code limit} images (the whole set when limit is 0 or larger than the set). */
    public RawImages first(int limit) {
        if (limit <= 0 || limit >= size()) {
            return this;
        }
        byte[] p = new byte[limit * shape.pixels()];
        System.arraycopy(pixels, 0, p, 0, p.length);
        int[] l = new int[limit];
        System.arraycopy(labels, 0, l, 0, limit);
        return new RawImages(p, l, shape, classNames, names == null ? null : List.copyOf(names.subList(0, limit)));
    }

    /** Gathers what a reader streams into a {@link RawImages} (small sets and tests). */
    public static final class Collector implements ImageSink {
        private final ImageShape shape;
        private final List<String> classNames;
        private byte[] pixels = new byte[0];
        private int[] labels = new int[16];
        private final List<String> names = new ArrayList<>();
        private int size;
        private boolean named;

        public Collector(ImageShape shape, List<String> classNames) {
            this.shape = shape;
            this.classNames = classNames;
        }

        @Override
        public void add(byte[] image, int offset, int label, String name) {
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, size * 2);
            }
            if ((long) (size + 1) * shape.pixels() > pixels.length) {
                pixels = Arrays.copyOf(pixels, Math.max(shape.pixels(), pixels.length * 2));
            }
            System.arraycopy(image, offset, pixels, size * shape.pixels(), shape.pixels());
            labels[size++] = label;
            names.add(name);
            named |= name != null;
        }

        public RawImages images() {
            return new RawImages(Arrays.copyOf(pixels, size * shape.pixels()), Arrays.copyOf(labels, size), shape,
                    classNames, named ? List.copyOf(names) : null);
        }
    }
}
