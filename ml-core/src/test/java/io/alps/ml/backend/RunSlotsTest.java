package io.alps.ml.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunSlotsTest {
    private static MemoryLimit.NotEnoughMemoryException outOfMemory() {
        return new MemoryLimit.NotEnoughMemoryException("resnet18 does not fit", new OutOfMemoryError("native"));
    }

    @Test
    void aRunOutOfMemoryBesideAnotherTriesAgainAloneOnceTheOtherIsDone() throws Exception {
        RunSlots slots = new RunSlots(2);
        CountDownLatch bigStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean bigDone = new AtomicBoolean();
        AtomicInteger tries = new AtomicInteger();
        AtomicBoolean secondTryAlone = new AtomicBoolean();

        CompletableFuture<String> big = CompletableFuture.supplyAsync(() -> slots.run("big", () -> {
            bigStarted.countDown();
            await(release);
            bigDone.set(true);
            return "big";
        }));
        assertThat(bigStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> slots.run("other", () -> {
            if (tries.incrementAndGet() == 1) {
                release.countDown();
                throw outOfMemory();
            }
            secondTryAlone.set(bigDone.get());
            return "other";
        }));

        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("other");
        assertThat(big.get(10, TimeUnit.SECONDS)).isEqualTo("big");
        assertThat(tries).hasValue(2);
        assertThat(secondTryAlone).as("the second try waited for the other run").isTrue();
    }

    @Test
    void aRunOutOfMemoryAloneOrFailingOtherwiseFailsAtOnce() {
        RunSlots slots = new RunSlots(2);
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> slots.run("alone", () -> {
            tries.incrementAndGet();
            throw outOfMemory();
        })).isInstanceOf(MemoryLimit.NotEnoughMemoryException.class);
        assertThat(tries).hasValue(1);
        assertThatThrownBy(() -> slots.run("bad", () -> {
            throw new IllegalArgumentException("bad spec");
        })).hasMessage("bad spec");
        assertThatThrownBy(() -> new RunSlots(0)).hasMessageContaining("at least 1");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
