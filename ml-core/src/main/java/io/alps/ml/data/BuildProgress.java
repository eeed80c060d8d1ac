package io.alps.ml.data;

import java.io.PrintStream;

/**
 * A sink that passes images on and, at most every {@value #EVERY_SECONDS} seconds, tells standard
 * error how far building a store has come: images done, images per second and, when the total is
 * known, the time left. Small sets finish before the first line.
 */
final class BuildProgress implements ImageSink {
    static final long EVERY_SECONDS = 5;

    private final ImageSink inner;
    private final String task;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long last = start;
    private long done;

    /** {@code total} 0: not known. */
    BuildProgress(ImageSink inner, String task, long total, PrintStream out) {
        this.inner = inner;
        this.task = task;
        this.total = total;
        this.out = out;
    }

    @Override
    public void add(byte[] pixels, int offset, int label, String name) {
        inner.add(pixels, offset, label, name);
        done++;
        long now = System.nanoTime();
        if (now - last >= EVERY_SECONDS * 1_000_000_000L) {
            last = now;
            double rate = done / ((now - start) / 1e9);
            String left = total > done ? String.format(", %.0f s left", (total - done) / rate) : "";
            out.printf("%s: %,d%s images, %,.0f images/s%s%n", task, done,
                    total > 0 ? String.format(" / %,d", total) : "", rate, left);
        }
    }

    @Override
    public boolean wantsMore() {
        return inner.wantsMore();
    }
}
