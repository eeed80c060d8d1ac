package io.alps.reporter;

import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageConfig;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real object store (S3Proxy) whose writes of one chosen key hang until released, as a store
 * that stops answering for one object would: enabled only by {@link SmallWindowTest}'s profile.
 */
@Alternative
@Singleton
public class StallingObjectStore extends ObjectStore {
    private static volatile String stalledKey;
    private static volatile CountDownLatch reached = new CountDownLatch(1);
    private static volatile CountDownLatch release = new CountDownLatch(0);

    public StallingObjectStore(StorageConfig config) {
        super(config);
    }

    /** From now, a write of {@code key} hangs until {@link #release()}. */
    static void stall(String key) {
        reached = new CountDownLatch(1);
        release = new CountDownLatch(1);
        stalledKey = key;
    }

    /** Waits until a write of the stalled key is hanging. */
    static boolean awaitStalled() throws InterruptedException {
        return reached.await(30, TimeUnit.SECONDS);
    }

    static void release() {
        stalledKey = null;
        release.countDown();
    }

    @Override
    public void put(String key, byte[] bytes) {
        if (key.equals(stalledKey)) {
            reached.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new StorageException("the stalled write of " + key + " was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted", e);
            }
        }
        super.put(key, bytes);
    }
}
