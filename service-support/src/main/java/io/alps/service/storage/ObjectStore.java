package io.alps.service.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The S3 bucket every service shares, through the MinIO client. */
@ApplicationScoped
public class ObjectStore {
    private final StorageConfig config;
    private final MinioClient client;
    private volatile boolean bucketChecked;

    public ObjectStore(StorageConfig config) {
        this.config = config;
        this.client = MinioClient.builder().endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey()).build();
    }

    public String bucket() {
        return config.bucket();
    }

    public String endpoint() {
        return config.endpoint();
    }

    /** Creates the bucket if needed; also the readiness probe's check that the store answers. */
    public void ensureBucket() {
        call("check bucket " + bucket(), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).build());
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                            && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
        bucketChecked = true;
    }

    public void put(String key, byte[] bytes) {
        bucket0();
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build()));
    }

    /** Removes the object; a missing key is no error. */
    public void delete(String key) {
        bucket0();
        call("delete " + key, () -> {
            client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
            return null;
        });
    }

    public Optional<byte[]> find(String key) {
        bucket0();
        return call("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (notFound(e)) {
                    return Optional.<byte[]>empty();
                }
                throw e;
            }
        });
    }

    /** The object's bytes; a missing key is an error naming the key. */
    public byte[] get(String key) {
        return find(key).orElseThrow(() -> new StorageException("object " + key + " does not exist in bucket " + bucket()));
    }

    public boolean exists(String key) {
        bucket0();
        return call("stat " + key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (notFound(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Every key under {@code prefix}, sorted. */
    public List<String> list(String prefix) {
        bucket0();
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket()).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            keys.sort(null);
            return keys;
        });
    }

    @PreDestroy
    void close() throws Exception {
        client.close();
    }

    private void bucket0() {
        if (!bucketChecked) {
            ensureBucket();
        }
    }

    private static boolean notFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("object storage at " + config.endpoint() + " failed to " + what + ": " + e, e);
        }
    }

    /** Object storage could not do what was asked. */
    public static final class StorageException extends RuntimeException {
        public StorageException(String message) {
            super(message);
        }

        public StorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
