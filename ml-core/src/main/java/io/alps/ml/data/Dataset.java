package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A normalised image set: read from an {@link ImageStore} batch by batch (what a loaded data set
 * is), or held in one contiguous [n, c*h*w] float array (sets made in memory). A sample's id is its
 * index, so labeled sets are id lists; batches are gathered by id (shuffling permutes ids, never
 * the data). From a store, images are read as bytes and standardised as they are read, with the
 * arithmetic of {@link Normalisation#apply}, so both forms give the same floats; subsets of a store
 * ({@link #first}, {@link #labelled}) map ids to the store's images and copy no pixel. In memory,
 * contiguous ranges are views without a copy.
 */
public final class Dataset {
    /** The label of a sample the data set has none for (a folder's {@code unlabeled/} images); an oracle's "none". */
    public static final int UNLABELED = io.alps.api.oracle.Oracle.NONE;

    private final String name;
    /** The images in memory, or null when they are read from {@link #store}. */
    private final INDArray features;
    private final ImageStore store;
    private final Normalisation normalisation;
    /** The store image of each id; null: id i is image i. */
    private final int[] rows;
    private final int[] labels;
    private final ImageShape shape;
    private final List<String> classNames;
    private final List<String> sampleNames;

    public Dataset(String name, INDArray features, int[] labels, ImageShape shape, List<String> classNames) {
        this(name, features, labels, shape, classNames, null);
    }

    /** {@code sampleNames}: which file each sample is (null when the samples have no files of their own). */
    public Dataset(String name, INDArray features, int[] labels, ImageShape shape, List<String> classNames,
                   List<String> sampleNames) {
        if (features.rank() != 2 || features.rows() != labels.length || features.columns() != shape.pixels()) {
            throw new IllegalArgumentException("features " + java.util.Arrays.toString(features.shape())
                    + " do not match " + labels.length + " labels of shape " + shape);
        }
        this.name = name;
        this.features = features;
        this.store = null;
        this.normalisation = null;
        this.rows = null;
        this.labels = labels;
        this.shape = shape;
        this.classNames = List.copyOf(classNames);
        if (sampleNames != null && sampleNames.size() != labels.length) {
            throw new IllegalArgumentException(sampleNames.size() + " sample names for " + labels.length + " samples");
        }
        this.sampleNames = sampleNames == null ? null : List.copyOf(sampleNames);
    }

    private Dataset(String name, ImageStore store, Normalisation normalisation, int[] rows, int[] labels,
                    List<String> sampleNames) {
        this.name = name;
        this.features = null;
        this.store = store;
        this.normalisation = normalisation;
        this.rows = rows;
        this.labels = labels;
        this.shape = store.shape();
        this.classNames = store.classNames();
        this.sampleNames = sampleNames;
    }

    /** The images of {@code store}, standardised with {@code normalisation} (the training store's statistics). */
    public static Dataset of(String name, ImageStore store, Normalisation normalisation) {
        return new Dataset(name, store, normalisation, null, store.labels(), store.names());
    }

    /** True when the images are read from a store rather than held in memory. */
    public boolean stored() {
        return store != null;
    }

    /** The same images with other labels (an oracle's); the features are shared, not copied. */
    public Dataset withLabels(int[] newLabels) {
        if (store != null) {
            if (newLabels.length != labels.length) {
                throw new IllegalArgumentException(newLabels.length + " labels for " + labels.length + " samples");
            }
            return new Dataset(name, store, normalisation, rows, newLabels, sampleNames);
        }
        return new Dataset(name, features, newLabels, shape, classNames, sampleNames);
    }

    /** The first {@code n} samples, sharing the features. */
    public Dataset first(int n) {
        if (n == size()) {
            return this;
        }
        if (store != null) {
            return new Dataset(name, store, normalisation, rows == null ? null : java.util.Arrays.copyOf(rows, n),
                    java.util.Arrays.copyOf(labels, n), sampleNames == null ? null : sampleNames.subList(0, n));
        }
        return new Dataset(name, features.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()),
                java.util.Arrays.copyOf(labels, n), shape, classNames,
                sampleNames == null ? null : sampleNames.subList(0, n));
    }

    /**
     * The samples that carry a label, in id order: this set itself when all do, a view when they
     * are the first ones (the unlabeled come last), else a copy of those rows.
     */
    public Dataset labelled() {
        int[] rows = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] != UNLABELED).toArray();
        if (rows.length == labels.length) {
            return this;
        }
        if (rows.length == 0 || rows[rows.length - 1] == rows.length - 1) {
            return first(rows.length);
        }
        if (store != null) {
            return select(rows);
        }
        int[] kept = new int[rows.length];
        List<String> names = sampleNames == null ? null : new java.util.ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            kept[i] = labels[rows[i]];
            if (names != null) {
                names.add(sampleNames.get(rows[i]));
            }
        }
        return new Dataset(name, Nd4j.pullRows(features, 1, rows), kept, shape, classNames, names);
    }

    /** The samples {@code ids} (of this set) as a set of their own, mapping ids to the store's images. */
    private Dataset select(int[] ids) {
        int[] mapped = new int[ids.length];
        int[] kept = new int[ids.length];
        List<String> names = sampleNames == null ? null : new java.util.ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            mapped[i] = rows == null ? ids[i] : rows[ids[i]];
            kept[i] = labels[ids[i]];
            if (names != null) {
                names.add(sampleNames.get(ids[i]));
            }
        }
        return new Dataset(name, store, normalisation, mapped, kept, names == null ? null : List.copyOf(names));
    }

    /** Which file sample {@code id} is, for messages and manifests ("sample 12" without files). */
    public String sampleName(int id) {
        return sampleNames == null ? "sample " + id : sampleNames.get(id);
    }

    /** The file of each sample, or null when the samples have no files of their own. */
    public List<String> sampleNames() {
        return sampleNames;
    }

    /** A copy of every sample's label ({@link #UNLABELED} where there is none). */
    public int[] labels() {
        return labels.clone();
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public ImageShape shape() {
        return shape;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The statistics the images are standardised with; null for a set held in memory (already standardised). */
    public Normalisation normalisation() {
        return normalisation;
    }

    public int label(int id) {
        return labels[id];
    }

    /**
     * A new array of the samples {@code ids} as network input, [ids.length, c, h, w]; loops use a
     * {@link FeatureBuffer}.
     */
    public INDArray features(int[] ids) {
        if (store != null) {
            INDArray out = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, ids.length, shape.pixels());
            fill(ids, 0, ids.length, out, new StoreReads(shape));
            return out.reshape('c', ids.length, shape.channels(), shape.height(), shape.width());
        }
        return Nd4j.pullRows(features, 1, ids).reshape('c', ids.length, shape.channels(), shape.height(), shape.width());
    }

    /** The features as one row per sample, [size, pixels] (only for a set held in memory). */
    INDArray matrix() {
        if (features == null) {
            throw new IllegalStateException(name + " is read from a store, not held in memory");
        }
        return features;
    }

    /**
     * Samples [from, to) as network input: a view without copying for a set in memory, a new array
     * read from the store otherwise (loops use a {@link FeatureBuffer}).
     */
    public INDArray features(int from, int to) {
        if (store != null) {
            INDArray out = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, to - from, shape.pixels());
            fill(null, from, to - from, out, new StoreReads(shape));
            return out.reshape('c', to - from, shape.channels(), shape.height(), shape.width());
        }
        return features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                .reshape('c', to - from, shape.channels(), shape.height(), shape.width());
    }

    /** One-hot labels for the given sample ids, [ids.length, classes]. */
    public INDArray oneHotLabels(int[] ids) {
        int classes = numClasses();
        float[] values = new float[ids.length * classes];
        for (int i = 0; i < ids.length; i++) {
            values[i * classes + labels[ids[i]]] = 1f;
        }
        return Nd4j.create(values, new long[] {ids.length, classes}, 'c');
    }

    /**
     * Reads {@code count} samples into rows 0.. of {@code out} ([count or more, pixels], 'c' order,
     * float, offset 0): ids {@code ids[from..]}, or ids {@code from..} when {@code ids} is null.
     * Images that lie next to each other in the store are read together, a block at a time.
     */
    void fill(int[] ids, int from, int count, INDArray out, StoreReads reads) {
        java.nio.FloatBuffer target = out.data().asNioFloat();
        int pixels = shape.pixels();
        int done = 0;
        while (done < count) {
            int first = image(ids, from + done);
            int run = 1;
            while (done + run < count && run < reads.capacity() && image(ids, from + done + run) == first + run) {
                run++;
            }
            java.nio.ByteBuffer bytes = reads.bytes();
            bytes.clear();
            store.read(first, run, bytes);
            normalisation.apply(shape, bytes.array(), 0, run, reads.floats(), 0);
            target.position(done * pixels);
            target.put(reads.floats(), 0, run * pixels);
            done += run;
        }
    }

    private int image(int[] ids, int k) {
        int id = ids == null ? k : ids[k];
        return rows == null ? id : rows[id];
    }

    /** What reading from a store keeps between batches: a block of bytes and its floats, one per loop and thread. */
    static final class StoreReads {
        /** Images read in one go: large enough for few system calls, small enough to stay in the processor's cache. */
        private static final int BLOCK_BYTES = 1 << 18;
        private final int capacity;
        private final java.nio.ByteBuffer bytes;
        private final float[] floats;

        StoreReads(ImageShape shape) {
            capacity = Math.max(1, BLOCK_BYTES / shape.pixels());
            bytes = java.nio.ByteBuffer.allocate(capacity * shape.pixels());
            floats = new float[capacity * shape.pixels()];
        }

        int capacity() {
            return capacity;
        }

        java.nio.ByteBuffer bytes() {
            return bytes;
        }

        float[] floats() {
            return floats;
        }
    }
}
