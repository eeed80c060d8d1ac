package io.alps.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StepThreadsTest {

    @Test
    void aStepRunsOnANamedThreadThatHasEndedWhenItsResultIsBack() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        String result = StepThreads.call("trainer-service-train", () -> {
            ranOn.set(Thread.currentThread());
            return "trained";
        });
        assertThat(result).isEqualTo("trained");
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(ranOn.get().getName()).isEqualTo("trainer-service-train");
        assertThat(ranOn.get().isAlive()).isFalse();
    }

    @Test
    void whatTheStepThrowsReachesTheCallerUnchanged() {
        IllegalArgumentException bad = new IllegalArgumentException("round 7 is past the experiment's last round 2");
        assertThatThrownBy(() -> StepThreads.call("step", () -> {
            throw bad;
        })).isSameAs(bad);
        OutOfMemoryError oom = new OutOfMemoryError("Cannot allocate 4 GB");
        assertThatThrownBy(() -> StepThreads.call("step", () -> {
            throw oom;
        })).isSameAs(oom);
    }

    @Test
    void interruptingTheCallerInterruptsTheStepAndWaitsForItsEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> step = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                StepThreads.call("step", () -> {
                    step.set(Thread.currentThread());
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                        return "not interrupted";
                    } catch (InterruptedException e) {
                        throw new StepClaims.Interrupted();
                    }
                });
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        caller.start();
        started.await();
        caller.interrupt();
        caller.join(Duration.ofSeconds(30).toMillis());
        assertThat(caller.isAlive()).isFalse();
        assertThat(seen.get()).isInstanceOf(StepClaims.Interrupted.class);
        assertThat(step.get().isAlive()).as("the step ended before the caller went on").isFalse();
    }

    @Test
    void theBackgroundExecutorsThreadEndsWhenNothingWaits() throws Exception {
        ExecutorService loader = StepThreads.oneAtATime("dataset-loader");
        try {
            Thread ran = loader.submit(Thread::currentThread).get();
            assertThat(ran.getName()).isEqualTo("dataset-loader");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ran.isAlive());
            assertThat(loader.submit(() -> 6 * 7).get()).isEqualTo(42);
        } finally {
            loader.shutdownNow();
        }
    }
}
