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
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ObjectStore.class);
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

    /** Creates the bucket if needed, waiting out a store that does not answer yet. */
    public void ensureBucket() {
        call("check bucket " + bucket(), this::createBucket);
        bucketChecked = true;
    }

    /** The readiness probe's check: one try, so a probe answers at once whether the store is there. */
    public void checkOnce() {
        try {
            createBucket();
        } catch (Exception e) {
            throw new StorageException("object storage at " + config.endpoint() + " failed to check bucket " + bucket()
                    + ": " + e, e);
        }
        bucketChecked = true;
    }

    private Void createBucket() throws Exception {
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
    }

    public void put(String key, byte[] bytes) {
        bucket0();
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build()));
    }

    /** Stores a file's bytes as they are read (multipart for a large file), never the whole file in memory. */
    public void put(String key, java.nio.file.Path file) {
        bucket0();
        call("put " + key, () -> {
            try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                return client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                        .stream(in, java.nio.file.Files.size(file), -1L).build());
            }
        });
    }

    /** Writes the object to {@code target} as it arrives; a missing key is an error naming the key. */
    public void download(String key, java.nio.file.Path target) {
        bucket0();
        call("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return null;
            }
        });
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

    /**
     * The object's bytes as they arrive, for copying on without holding the whole object in memory;
     * empty when there is no such object. The caller closes the stream.
     */
    public Optional<InputStream> open(String key) {
        bucket0();
        return call("get " + key, () -> {
            try {
                return Optional.<InputStream>of(client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build()));
            } catch (ErrorResponseException e) {
                if (notFound(e)) {
                    return Optional.<InputStream>empty();
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

    /** The names of the folders directly under {@code prefix} (one listing level, not every key below). */
    public List<String> children(String prefix) {
        bucket0();
        return call("list " + prefix, () -> {
            List<String> names = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket()).prefix(prefix)
                    .delimiter("/").recursive(false).build())) {
                Item item = r.get();
                if (item.isDir()) {
                    String name = item.objectName().substring(prefix.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
            }
            names.sort(null);
            return names;
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

    /**
     * Runs one call; while the store does not answer at all it is tried again with a growing pause,
     * up to {@link StorageConfig#retryFor()}. An answer that is an error (a missing key, a refused
     * request) is deterministic and fails at once.
     */
    private <T> T call(String what, Call<T> call) {
        long deadline = System.nanoTime() + config.retryFor().toNanos();
        long pauseMs = 200;
        while (true) {
            try {
                return call.run();
            } catch (StorageException e) {
                throw e;
            } catch (Exception e) {
                if (!unreachable(e) || System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                    throw new StorageException("object storage at " + config.endpoint() + " failed to " + what + ": " + e, e);
                }
                LOG.warnf("object storage at %s did not answer (%s); trying again in %d ms", config.endpoint(), e, pauseMs);
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for object storage to " + what, e);
                }
                pauseMs = Math.min(pauseMs * 2, 5_000);
            }
        }
    }

    /** The store gave no answer: nothing listened, the connection broke or timed out. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException) {
                return false;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
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
