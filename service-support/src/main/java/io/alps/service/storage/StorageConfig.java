package io.alps.service.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the object store is. The defaults reach the local stack's S3 server; deployments set
 * {@code ALPS_STORAGE_ENDPOINT}, {@code ALPS_STORAGE_ACCESS_KEY} and {@code ALPS_STORAGE_SECRET_KEY}.
 */
@ConfigMapping(prefix = "alps.storage")
public interface StorageConfig {
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    @WithDefault("alps-local")
    String accessKey();

    @WithDefault("alps-local-secret")
    String secretKey();

    @WithDefault("alps")
    String bucket();

    /**
     * How long a call waits out an object store that does not answer (connection refused, timed
     * out) before it fails: a restart of the store within this time fails no experiment.
     */
    @WithDefault("90s")
    java.time.Duration retryFor();
}
