package io.alps.ml.data;

import io.alps.api.spec.DatasetKind;
import io.alps.api.spec.ExperimentSpec;

import java.nio.file.Path;

/**
 * What to load. {@code dataDir} null means the default place for the data set (downloading
 * CIFAR-10 there when it is missing); a limit of 0 means the whole set; {@code displayName} null
 * means the name is recognised from the files; {@code imageSize} is the side every image is
 * brought to (the resize rule: {@link DatasetLoader}).
 */
public record DataRequest(DatasetKind kind, Path dataDir, int trainLimit, int testLimit, String displayName,
                          int imageSize) {
    public DataRequest {
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size " + imageSize + ": must be at least 1 pixel");
        }
    }

    public DataRequest(DatasetKind kind, Path dataDir, int trainLimit, int testLimit, String displayName) {
        this(kind, dataDir, trainLimit, testLimit, displayName, ExperimentSpec.DEFAULT_IMAGE_SIZE);
    }

    public static DataRequest of(DatasetKind kind, Path dataDir) {
        return new DataRequest(kind, dataDir, 0, 0, null);
    }

    /** What {@code spec} asks for, read from {@code dataDir} (null: the data set's default place). */
    public static DataRequest of(ExperimentSpec spec, Path dataDir) {
        return new DataRequest(DatasetKind.parse(spec.dataset()), dataDir, spec.trainLimit(), spec.testLimit(),
                spec.dataName(), spec.imageSide());
    }

    /** What {@code spec} asks for, its {@code data} taken as a folder (the command line's {@code --data DIR}). */
    public static DataRequest of(ExperimentSpec spec) {
        return of(spec, spec.data() == null ? null : Path.of(spec.data()));
    }

    /** The same request at another image size. */
    public DataRequest withImageSize(int size) {
        return new DataRequest(kind, dataDir, trainLimit, testLimit, displayName, size);
    }
}
