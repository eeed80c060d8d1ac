package io.alps.ml.data;

/**
 * Where a reader puts decoded images, one at a time and in id order, so no reader holds a whole
 * data set: an {@link ImageStore.Writer}, or a {@link RawImages.Collector} for small sets in memory.
 */
public interface ImageSink {
    /**
     * Takes the image whose values (one byte per channel value, CHW) start at {@code pixels[offset]};
     * {@code name} is its file (null when images have none). The array may be reused after the call.
     */
    void add(byte[] pixels, int offset, int label, String name);

    /** False once the sink takes no more (its limit is reached): a reader stops there. */
    default boolean wantsMore() {
        return true;
    }
}
