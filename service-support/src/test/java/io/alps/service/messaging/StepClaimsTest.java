package io.alps.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alps.events.v1.StepFailed;
import io.alps.infra.EmbeddedS3;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.LocalStorage;
import io.alps.service.storage.StorageKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances handed the same step (as a share group does once a lock is lost): while one works
 * the other waits and re-sends its event; a dead holder's claim is taken over once it stops changing.
 */
class StepClaimsTest {
    private static final Duration BEAT = Duration.ofMillis(200);
    private static final Duration EXPIRE = Duration.ofMillis(1500);
    private static EmbeddedS3 s3;
    private static ObjectStore store;
    private static int experiments;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = EmbeddedS3.start(0, Files.createTempDirectory("claims"));
        int port = s3.port();
        store = new ObjectStore(LocalStorage.config(port, Duration.ofSeconds(5)));
        store.ensureBucket();
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    private static String newExperiment() {
        return "exp-" + (++experiments);
    }

    private static StepFailed event(String id, String by) {
        return StepFailed.newBuilder().setEventId(id).setExperimentId(id).setService(by).build();
    }

    private static StepLedger.Outcome<StepFailed> run(StepClaims claims, String id, Supplier<StepFailed> work) {
        return new StepLedger(store).onceAlone(id, 1, "model-trained", StepFailed.parser(), claims, () -> {
        }, work);
    }

    @Test
    void aSecondInstanceWaitsForTheLiveHolderAndResendsItsEventInsteadOfWorking() throws Exception {
        String id = newExperiment();
        AtomicInteger worked = new AtomicInteger();
        CountDownLatch aStarted = new CountDownLatch(1);
        try (StepClaims a = new StepClaims(store, "trainer-a", BEAT, EXPIRE);
             StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE)) {
            var first = CompletableFuture.supplyAsync(() -> run(a, id, () -> {
                aStarted.countDown();
                worked.incrementAndGet();
                sleep(3 * EXPIRE.toMillis()); // work lasting far longer than the claim's expiry: the beats keep it
                return event(id, "trainer-a");
            }));
            assertThat(aStarted.await(10, TimeUnit.SECONDS)).isTrue();
            var second = run(b, id, () -> {
                worked.incrementAndGet();
                return event(id, "trainer-b");
            });
            assertThat(worked).as("the work ran once").hasValue(1);
            assertThat(second.replayed()).isTrue();
            assertThat(second.event().getService()).isEqualTo("trainer-a");
            assertThat(first.get(10, TimeUnit.SECONDS).replayed()).isFalse();
            assertThat(store.exists(StorageKeys.claim(id, 1, "model-trained"))).as("released once stored").isFalse();
        }
    }

    @Test
    void aClaimThatStopsChangingIsTakenOverAfterItsExpiry() {
        String id = newExperiment();
        store.put(StorageKeys.claim(id, 1, "model-trained"), "trainer-a\ndead-process\n1\n7".getBytes(StandardCharsets.UTF_8));
        try (StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE)) {
            long t0 = System.nanoTime();
            var outcome = run(b, id, () -> event(id, "trainer-b"));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(outcome.replayed()).isFalse();
            assertThat(outcome.event().getService()).isEqualTo("trainer-b");
            assertThat(waitedMs).as("waited out the expiry, not much longer").isBetween(EXPIRE.toMillis(), 10_000L);
            assertThat(b.attempts(StorageKeys.claim(id, 1, "model-trained"))).as("released").isZero();
        }
    }

    @Test
    void aClaimOfTheSameInstancesEarlierProcessIsTakenOverAtOnce() {
        String id = newExperiment();
        store.put(StorageKeys.claim(id, 1, "model-trained"), "trainer-b\nkilled-process\n2\n3".getBytes(StandardCharsets.UTF_8));
        try (StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE)) {
            long t0 = System.nanoTime();
            var outcome = run(b, id, () -> event(id, "trainer-b"));
            assertThat(outcome.replayed()).isFalse();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(EXPIRE.toMillis());
        }
    }

    @Test
    void eachTakeOverOfADeadHoldersClaimCountsOneMoreAttempt() {
        String id = newExperiment();
        String key = StorageKeys.claim(id, 1, "model-trained");
        try (StepClaims a = new StepClaims(store, "trainer-a", BEAT, EXPIRE)) {
            assertThat(a.attempts(key)).isZero();
            a.holding(key, () -> {
                assertThat(a.attempts(key)).as("the first try, in progress").isEqualTo(1);
                return null;
            });
            // Finished but not yet released (the event is stored after the work): still one try.
            assertThat(a.attempts(key)).isEqualTo(1);
            store.put(key, "trainer-a\nkilled-process\n2\n9".getBytes(StandardCharsets.UTF_8));
            a.holding(key, () -> {
                assertThat(a.attempts(key)).as("the third try").isEqualTo(3);
                return null;
            });
        }
    }

    @Test
    void workThatFailsGivesItsClaimUpSoTheWaiterStartsAtOnce() throws Exception {
        String id = newExperiment();
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch bWaiting = new CountDownLatch(1);
        try (StepClaims a = new StepClaims(store, "trainer-a", BEAT, EXPIRE);
             StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE)) {
            var first = CompletableFuture.runAsync(() -> run(a, id, () -> {
                aStarted.countDown();
                awaitLatch(bWaiting);
                throw new IllegalStateException("bad data");
            }));
            assertThat(aStarted.await(10, TimeUnit.SECONDS)).isTrue();
            var second = new StepLedger(store).onceAlone(id, 1, "model-trained", StepFailed.parser(), b,
                    bWaiting::countDown, () -> event(id, "trainer-b"));
            assertThatThrownBy(first::join).hasRootCauseMessage("bad data");
            assertThat(second.replayed()).isFalse();
            assertThat(second.event().getService()).isEqualTo("trainer-b");
        }
    }

    @Test
    void ofTwoInstancesThatFoundNoClaimOnlyTheFirstToCreateItWorks() throws Exception {
        String key = StorageKeys.claim(newExperiment(), 1, "model-trained");
        try (StepClaims a = new StepClaims(store, "trainer-a", BEAT, EXPIRE);
             StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE)) {
            StepClaims.Turn bLooked = b.awaitOthers(key, () -> false, () -> {
            });
            assertThat(store.exists(key)).as("b found no claim").isFalse();
            CountDownLatch aHolds = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            var first = CompletableFuture.supplyAsync(() -> a.holding(key, () -> {
                aHolds.countDown();
                awaitLatch(finish);
                return "a";
            }));
            assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicInteger bWorked = new AtomicInteger();
            assertThatThrownBy(() -> b.holding(key, bLooked, bWorked::incrementAndGet))
                    .as("the store refuses b's create: a created the claim after b looked")
                    .isInstanceOf(StepClaims.Taken.class);
            assertThat(bWorked).hasValue(0);
            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(store.createIfAbsent(key, new byte[1])).isEqualTo(ObjectStore.Create.EXISTED);
        }
    }

    @Test
    void withoutConditionalWritesTwoInstancesThatFoundNoClaimBothWork() throws Exception {
        String key = StorageKeys.claim(newExperiment(), 1, "model-trained");
        try (StepClaims a = new StepClaims(store, "trainer-a", BEAT, EXPIRE);
             StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE, false)) {
            StepClaims.Turn bLooked = b.awaitOthers(key, () -> false, () -> {
            });
            a.holding(key, () -> "a");
            // What a store that ignores or refuses the condition gives: the same work twice, the same result.
            assertThat(b.holding(key, bLooked, () -> "b")).isEqualTo("b");
            assertThat(new String(store.get(key), StandardCharsets.UTF_8)).startsWith("trainer-b\n");
        }
    }

    @Test
    void aCancelSeenWhileWaitingStopsTheWait() {
        String id = newExperiment();
        try (StepClaims a = new StepClaims(store, "trainer-a", BEAT, EXPIRE);
             StepClaims b = new StepClaims(store, "trainer-b", BEAT, EXPIRE)) {
            CountDownLatch release = new CountDownLatch(1);
            var first = CompletableFuture.runAsync(() -> run(a, id, () -> {
                awaitLatch(release);
                return event(id, "trainer-a");
            }));
            await("the first instance holds the claim").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> store.exists(StorageKeys.claim(id, 1, "model-trained")));
            assertThatThrownBy(() -> new StepLedger(store).onceAlone(id, 1, "model-trained", StepFailed.parser(), b,
                    () -> {
                        throw new IllegalStateException("cancelled");
                    }, () -> event(id, "trainer-b"))).hasMessage("cancelled");
            release.countDown();
            first.join();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoWorkersOfOneProcessHandedTheSameStepDoItOnce() throws Exception {
        // One process, one claim identity: only the in-process lock tells its two workers apart.
        StepClaims claims = new StepClaims(store, "trainer-a", BEAT, EXPIRE);
        StepLedger ledger = new StepLedger(store);
        String id = newExperiment();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<StepLedger.Outcome<StepFailed>> first = CompletableFuture.supplyAsync(() ->
                ledger.onceAlone(id, 1, "model-trained", StepFailed.parser(), claims, () -> {
                }, () -> {
                    runs.incrementAndGet();
                    started.countDown();
                    try {
                        finish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return event(id, "first");
                }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger looks = new AtomicInteger();
        CompletableFuture<StepLedger.Outcome<StepFailed>> second = CompletableFuture.supplyAsync(() ->
                ledger.onceAlone(id, 1, "model-trained", StepFailed.parser(), claims, looks::incrementAndGet, () -> {
                    runs.incrementAndGet();
                    return event(id, "second");
                }));
        await("the second worker checks for a cancel while it waits").atMost(Duration.ofSeconds(10))
                .until(() -> looks.get() >= 2);
        assertThat(second).as("the second worker waits for the first").isNotDone();
        finish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).replayed()).isFalse();
        StepLedger.Outcome<StepFailed> replay = second.get(10, TimeUnit.SECONDS);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.event().getService()).isEqualTo("first");
        assertThat(runs).hasValue(1);
        claims.close();
    }
}
