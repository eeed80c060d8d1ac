package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import java.util.List;

/**
 * Images exactly as read from disk: one byte per channel value, NCHW order, before any scaling.
 * Readers produce this; {@link DatasetLoader} turns it into a normalised {@link Dataset}.
 */
public record RawImages(byte[] pixels, int[] labels, ImageShape shape, List<String> classNames) {
    public RawImages {
        if (pixels.length != (long) labels.length * shape.pixels()) {
            throw new IllegalArgumentException("pixels for " + pixels.length / shape.pixels() + " images but "
                    + labels.length + " labels");
        }
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
        return new RawImages(p, l, shape, classNames);
    }
}
