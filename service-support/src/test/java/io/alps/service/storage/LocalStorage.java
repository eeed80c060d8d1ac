package io.alps.service.storage;

import io.alps.infra.EmbeddedS3;
import java.time.Duration;

/** The settings of a test's own S3Proxy on a local port. */
public final class LocalStorage {
    private LocalStorage() {
    }

    public static StorageConfig config(int port, Duration retryFor) {
        return new StorageConfig() {
            public String endpoint() {
                return "http://127.0.0.1:" + port;
            }

            public String accessKey() {
                return EmbeddedS3.ACCESS_KEY;
            }

            public String secretKey() {
                return EmbeddedS3.SECRET_KEY;
            }

            public String bucket() {
                return "alps";
            }

            public Duration retryFor() {
                return retryFor;
            }
        };
    }
}
