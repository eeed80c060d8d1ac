package io.alps.ml.data;

import java.net.URI;

/** Where a data archive is published, with the size and SHA-256 it must have. */
public record DownloadSource(URI uri, long size, String sha256, String fileName) {
    /** The official CIFAR-10 binary archive (checksum as published by dataset catalogues). */
    public static final DownloadSource CIFAR10 = new DownloadSource(
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), 170_052_171L,
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", "cifar-10-binary.tar.gz");
}
