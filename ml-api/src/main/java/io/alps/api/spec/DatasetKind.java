package io.alps.api.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The data sets ALPS reads, by the name used on the command line and in experiment specs. */
public enum DatasetKind {
    CIFAR10("cifar10", "CIFAR-10"),
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST"),
    /** One's own images in class folders ({@link io.alps.api.data.FolderLayout}). */
    FOLDER("folder", "image folder");

    private final String id;
    private final String displayName;

    DatasetKind(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public static DatasetKind parse(String id) {
        for (DatasetKind k : values()) {
            if (k.id.equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "': expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(DatasetKind::id).collect(Collectors.joining(", "));
    }
}
