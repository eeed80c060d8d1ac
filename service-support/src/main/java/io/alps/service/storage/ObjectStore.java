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
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The S3 bucket every service shares, through the MinIO client. */
@ApplicationScoped
public class ObjectStore {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ObjectStore.class);
    private final StorageConfig config;
    private final MinioClient client;
    private final Guard retry;
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean bucketChecked;
    private volatile boolean stopping;

    public ObjectStore(StorageConfig config) {
        this.config = config;
        this.client = MinioClient.builder().endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey()).build();
        this.retry = retryWhileUnreachable();
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

    /** What a conditional create did. */
    public enum Create {
        /** The object is stored; no object had the key. */
        CREATED,
        /** Nothing is stored: an object had the key already. */
        EXISTED,
        /** Nothing is stored: the store does not take conditional writes (it answered NotImplemented). */
        UNSUPPORTED
    }

    /**
     * Stores the object only if no object has the key, in one step on the server (an S3
     * conditional write, {@code If-None-Match: *}), so that of two writers racing for a key exactly
     * one wins. A store that ignores the condition stores the object either way and answers
     * {@link Create#CREATED}; one that refuses it answers {@link Create#UNSUPPORTED}.
     */
    public Create createIfAbsent(String key, byte[] bytes) {
        bucket0();
        return call("create " + key, () -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                        .headers(Map.of("If-None-Match", "*"))
                        .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
                return Create.CREATED;
            } catch (ErrorResponseException e) {
                String code = e.errorResponse().code();
                if ("PreconditionFailed".equals(code) || "ConditionalRequestConflict".equals(code)) {
                    return Create.EXISTED;
                }
                if ("NotImplemented".equals(code)) {
                    return Create.UNSUPPORTED;
                }
                throw e;
            }
        });
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

    /**
     * The service is stopping: a call waiting out a store that does not answer gives up at its
     * next try instead of holding the stop up for {@link StorageConfig#retryFor()}. Calls still
     * work while the store answers (the last results of a step are stored on the way out).
     */
    void stopRetrying(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Ends waiting calls' retries and closes the client. */
    @PreDestroy
    void close() throws Exception {
        stopping = true;
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
     * While the store does not answer at all a call is tried again with a growing pause (200 ms
     * doubling to 5 s), up to {@link StorageConfig#retryFor()}. An answer that is an error (a missing
     * key, a refused request) is deterministic and fails at once. Once the service is stopping no
     * call is tried again: waiting would only hold the stop up.
     */
    private Guard retryWhileUnreachable() {
        // Fault tolerance wants the pauses shorter than the whole wait (a short retryFor in tests).
        long forMs = Math.max(2, config.retryFor().toMillis());
        long maxPauseMs = Math.min(5_000, forMs / 2);
        return Guard.create().withDescription("object storage at " + config.endpoint())
                .withRetry().maxRetries(config.retryFor().isZero() ? 0 : -1)
                .maxDuration(forMs, ChronoUnit.MILLIS)
                .delay(Math.min(200, maxPauseMs), ChronoUnit.MILLIS).jitter(0, ChronoUnit.MILLIS)
                .withExponentialBackoff().factor(2).maxDelay(maxPauseMs, ChronoUnit.MILLIS).done()
                .whenException(e -> !stopping && !(e instanceof StorageException) && unreachable(e))
                .beforeRetry(e -> {
                    retries.incrementAndGet();
                    LOG.warnf("object storage at %s did not answer (%s); trying again", config.endpoint(), e);
                })
                .done().build();
    }

    /** Calls tried again because the store did not answer, since this instance was made. */
    long retries() {
        return retries.get();
    }

    @SuppressWarnings("unchecked")
    private <T> T call(String what, Call<T> call) {
        try {
            return (T) retry.call(call::run, Object.class);
        } catch (StorageException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for object storage to " + what, e);
        } catch (Exception e) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for object storage to " + what, e);
            }
            throw new StorageException("object storage at " + config.endpoint() + " failed to " + what + ": " + e, e);
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
