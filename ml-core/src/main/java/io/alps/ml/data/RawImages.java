package io.alps.ml.data;

import io.alps.api.model.ImageShape;

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
}
