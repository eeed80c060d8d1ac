package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A normalised image set held once in one contiguous [n, c*h*w] float array. A sample's id is its
 * index, so labeled sets are id lists; batches are gathered by id (shuffling permutes ids, never
 * the data), and contiguous ranges are views without a copy.
 */
public final class Dataset {
    /** The label of a sample the data set has none for (a folder's {@code unlabeled/} images); an oracle's "none". */
    public static final int UNLABELED = io.alps.api.oracle.Oracle.NONE;

    private final String name;
    private final INDArray features;
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
        this.labels = labels;
        this.shape = shape;
        this.classNames = List.copyOf(classNames);
        if (sampleNames != null && sampleNames.size() != labels.length) {
            throw new IllegalArgumentException(sampleNames.size() + " sample names for " + labels.length + " samples");
        }
        this.sampleNames = sampleNames == null ? null : List.copyOf(sampleNames);
    }

    /** The same images with other labels (an oracle's); the features are shared, not copied. */
    public Dataset withLabels(int[] newLabels) {
        return new Dataset(name, features, newLabels, shape, classNames, sampleNames);
    }

    /** The first {@code n} samples, sharing the features. */
    public Dataset first(int n) {
        if (n == size()) {
            return this;
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

    public int label(int id) {
        return labels[id];
    }

    /**
     * A new array of the samples {@code ids} as network input, [ids.length, c, h, w]; loops use a
     * {@link FeatureBuffer}.
     */
    public INDArray features(int[] ids) {
        return Nd4j.pullRows(features, 1, ids).reshape('c', ids.length, shape.channels(), shape.height(), shape.width());
    }

    /** The features as one row per sample, [size, pixels]. */
    INDArray matrix() {
        return features;
    }

    /** A view of samples [from, to) as network input, without copying. */
    public INDArray features(int from, int to) {
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
}
