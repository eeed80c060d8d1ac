package io.alps.ml.data;

import io.alps.api.spec.DatasetKind;

import java.nio.file.Path;

/**
 * What to load. {@code dataDir} null means the default place for the data set (downloading
 * CIFAR-10 there when it is missing); a limit of 0 means the whole set; {@code displayName} null
 * means the name is recognised from the files.
 */
public record DataRequest(DatasetKind kind, Path dataDir, int trainLimit, int testLimit, String displayName) {
    public static DataRequest of(DatasetKind kind, Path dataDir) {
        return new DataRequest(kind, dataDir, 0, 0, null);
    }
}
