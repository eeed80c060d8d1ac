package io.alps.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alps.infra.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A store that is down for a few seconds delays a call; a store that answers with an error fails it at once. */
class ObjectStoreRetryTest {

    @Test
    void aCallMadeWhileTheStoreRestartsSucceedsOnceItIsBack() throws Exception {
        Path dir = Files.createTempDirectory("s3-retry");
        EmbeddedS3 s3 = EmbeddedS3.start(0, dir);
        int port = s3.port();
        ObjectStore store = new ObjectStore(LocalStorage.config(port, Duration.ofSeconds(60)));
        store.put("a/before", "1".getBytes(StandardCharsets.UTF_8));
        s3.close();

        long retriesBefore = store.retries();
        CompletableFuture<Void> put = CompletableFuture.runAsync(
                () -> store.put("a/during", "2".getBytes(StandardCharsets.UTF_8)));
        await("the put was refused twice and tries again").atMost(Duration.ofSeconds(10))
                .until(() -> store.retries() >= retriesBefore + 2);
        assertThat(put).as("the put waits while nothing answers").isNotDone();
        try (EmbeddedS3 again = EmbeddedS3.start(port, dir)) {
            put.get();
            assertThat(new String(store.get("a/during"), StandardCharsets.UTF_8)).isEqualTo("2");
            assertThat(new String(store.get("a/before"), StandardCharsets.UTF_8)).isEqualTo("1");
            // An answer that is an error is not waited out.
            assertThatThrownBy(() -> store.get("a/missing")).isInstanceOf(ObjectStore.StorageException.class)
                    .hasMessageContaining("a/missing does not exist");
        }
    }

    @Test
    void aStoreThatStaysDownFailsTheCallAfterTheConfiguredTimeNamingTheStore() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ObjectStore store = new ObjectStore(LocalStorage.config(port, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> store.put("k", new byte[1])).isInstanceOf(ObjectStore.StorageException.class)
                .hasMessageContaining("object storage at http://127.0.0.1:" + port);
        assertThatThrownBy(store::checkOnce).as("the readiness check does not wait")
                .isInstanceOf(ObjectStore.StorageException.class);
    }

    @Test
    void closingTheStoreEndsTheWaitOfACallInProgress() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ObjectStore store = new ObjectStore(LocalStorage.config(port, Duration.ofMinutes(5)));
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> store.put("k", new byte[1]));
        await("the put tries again while nothing answers").atMost(Duration.ofSeconds(10))
                .until(() -> store.retries() >= 1);
        long closedAt = System.nanoTime();
        store.close();
        // The pause before the next try is at most 5 s; a stopping service must not wait out the 5 minutes.
        assertThatThrownBy(() -> put.get(8, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(ObjectStore.StorageException.class);
        assertThat((System.nanoTime() - closedAt) / 1e9).as("seconds from close to the call's failure").isLessThan(8);
    }
}
