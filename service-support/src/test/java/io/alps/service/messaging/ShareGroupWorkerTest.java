package io.alps.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.infra.EmbeddedKafka;
import io.alps.service.messaging.ShareGroupWorker.Ack;
import io.alps.service.messaging.ShareGroupWorker.Delivery;
import io.alps.service.messaging.ShareGroupWorker.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Share group workers against a real single-node broker. */
class ShareGroupWorkerTest {
    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;

    private final List<ShareGroupWorker<?>> workers = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void closeWorkers() {
        workers.forEach(ShareGroupWorker::close);
    }

    @Test
    void idleWorkersShareTheRecordsOfOnePartition() throws Exception {
        String topic = topic("rounds");
        Map<String, List<String>> handledBy = new ConcurrentHashMap<>();
        // A member may take a few seconds to get its assignment; each worker's first record waits
        // until the other is busy too, which it can only be with a record of the same partition.
        CountDownLatch bothBusy = new CountDownLatch(2);
        for (String name : List.of("a", "b")) {
            AtomicBoolean first = new AtomicBoolean(true);
            start(settings(topic, "trainers", name, null, 2), d -> {
                if (first.getAndSet(false)) {
                    bothBusy.countDown();
                    bothBusy.await(20, TimeUnit.SECONDS);
                }
                Thread.sleep(300);
                handledBy.computeIfAbsent(d.value(), k -> new CopyOnWriteArrayList<>()).add(name);
                return Ack.ACCEPT;
            });
        }
        List<String> rounds = List.of("r1", "r2", "r3", "r4", "r5", "r6");
        send(topic, rounds);

        await(Duration.ofSeconds(30), () -> workers.stream().mapToLong(ShareGroupWorker::handled).sum() == 6);
        assertThat(handledBy).containsOnlyKeys(rounds);
        assertThat(handledBy.values()).allSatisfy(by -> assertThat(by).hasSize(1));
        assertThat(workers).allSatisfy(w -> assertThat(w.handled()).isPositive());
    }

    @Test
    void longWorkKeepsItsLockPastTheLockDuration() throws Exception {
        String topic = topic("long");
        List<Delivery<String>> seen = new CopyOnWriteArrayList<>();
        ShareGroupWorker.Handler<String> slow = d -> {
            seen.add(d);
            if (d.value().equals("round")) {
                Thread.sleep(6_000);
            }
            return Ack.ACCEPT;
        };
        Settings shortLock = settings(topic, "long", "a", Duration.ofSeconds(2), 2);
        start(shortLock, slow);
        start(settings(topic, "long", "b", Duration.ofSeconds(2), 2), slow);
        send(topic, List.of("round"));

        await(Duration.ofSeconds(20), () -> workers.stream().mapToLong(ShareGroupWorker::handled).sum() == 1);
        // Three lock durations went by; without renewals the other worker would have got it.
        assertThat(seen).singleElement().satisfies(d -> assertThat(d.deliveryCount()).isEqualTo(1));
        // A later record handled: a second delivery of the earlier one would have come first.
        send(topic, List.of("marker"));
        await(Duration.ofSeconds(20), () -> workers.stream().mapToLong(ShareGroupWorker::handled).sum() == 2);
        assertThat(seen).extracting(Delivery::value).containsExactly("round", "marker");
    }

    @Test
    void recordsQueuedBehindLongWorkAreNotCountedAsDeliveredWhileTheWorkerRenews() throws Exception {
        String topic = topic("queued");
        List<Delivery<String>> seen = new CopyOnWriteArrayList<>();
        start(settings(topic, "queued", "a", Duration.ofSeconds(2), 3), d -> {
            seen.add(d);
            if (d.value().equals("long")) {
                Thread.sleep(8_000); // sixteen renewals with the record behind it waiting
            }
            return Ack.ACCEPT;
        });
        send(topic, List.of("long", "next", "last"));

        await(Duration.ofSeconds(40), () -> workers.get(0).handled() == 3);
        assertThat(seen).extracting(Delivery::value).containsExactly("long", "next", "last");
        assertThat(seen).as("each record handed to the handler on its first delivery")
                .allSatisfy(d -> assertThat(d.deliveryCount()).isEqualTo(1));
    }

    @Test
    void aDeadWorkersRecordGoesToAnotherAtOnce() throws Exception {
        handOver("dead", ShareGroupWorker::crashForTest);
    }

    @Test
    void aClosedWorkerGivesItsRecordBackAndStopsItsHandler() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        handOver("closed", a -> {
            assertThat(a.healthy()).isTrue();
            long start = System.nanoTime();
            a.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(a.healthy()).isFalse();
        }, interrupted);
        assertThat(interrupted).isTrue();
    }

    private void handOver(String name, Consumer<ShareGroupWorker<String>> stop) throws Exception {
        handOver(name, stop, new AtomicBoolean());
    }

    /** Worker a takes the record and stops while handling it; worker b must then get it. */
    private void handOver(String name, Consumer<ShareGroupWorker<String>> stop, AtomicBoolean interrupted)
            throws Exception {
        String topic = topic(name);
        CountDownLatch aHasIt = new CountDownLatch(1);
        ShareGroupWorker<String> a = start(settings(topic, name, "a", null, 3), d -> {
            aHasIt.countDown();
            try {
                new CountDownLatch(1).await(); // works until it is stopped
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return Ack.ACCEPT;
        });
        send(topic, List.of("round"));
        assertThat(aHasIt.await(20, TimeUnit.SECONDS)).isTrue();

        List<Delivery<String>> bSaw = new CopyOnWriteArrayList<>();
        ShareGroupWorker<String> b = start(settings(topic, name, "b", null, 3), d -> {
            bSaw.add(d);
            return Ack.ACCEPT;
        });
        stop.accept(a);

        // Far sooner than the group's default 30 s lock: the record came back when a stopped.
        await(Duration.ofSeconds(10), () -> b.handled() == 1);
        assertThat(bSaw).singleElement().satisfies(d -> {
            assertThat(d.value()).isEqualTo("round");
            assertThat(d.deliveryCount()).isEqualTo(2);
        });
        assertThat(a.handled()).isZero();
    }

    @Test
    void aRecordTheCheckDoesNotCallPoisonIsHandledAgainUntilTheBrokersLastDelivery() throws Exception {
        String topic = topic("judged");
        AtomicInteger tries = new AtomicInteger();
        List<Integer> checked = new CopyOnWriteArrayList<>();
        List<Delivery<String>> poisoned = new CopyOnWriteArrayList<>();
        ShareGroupWorker<String> w = ShareGroupWorker.start(settings(topic, "judged", "a", null, 2),
                new StringDeserializer(), d -> {
                    tries.incrementAndGet();
                    throw new IllegalStateException("the broker lost it");
                }, (d, reason) -> poisoned.add(d), d -> {
                    checked.add(d.deliveryCount());
                    return false;
                });
        workers.add(w);
        send(topic, List.of("round"));

        await(Duration.ofSeconds(40), () -> !poisoned.isEmpty());
        // The test broker allows 10 deliveries (group.share.delivery.count.limit, read from it).
        assertThat(poisoned).singleElement().satisfies(d -> assertThat(d.deliveryCount()).isEqualTo(10));
        assertThat(checked).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(tries).hasValue(9);
    }

    @Test
    void aRecordDeliveredTooOftenIsReportedOnceAndArchived() throws Exception {
        String topic = topic("poison");
        AtomicInteger tries = new AtomicInteger();
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Delivery<String>> poisoned = new CopyOnWriteArrayList<>();
        ShareGroupWorker<String> w = start(settings(topic, "poison", "a", null, 2), new StringDeserializer(), d -> {
            if (d.value().equals("marker")) {
                return Ack.ACCEPT;
            }
            tries.incrementAndGet();
            throw new IllegalStateException("cannot train this round");
        }, (d, reason) -> {
            poisoned.add(d);
            reports.add(reason);
        });
        send(topic, List.of("round"));

        await(Duration.ofSeconds(20), () -> !poisoned.isEmpty());
        // A later record handled: another delivery of the poison one, had it not been archived, came first.
        send(topic, List.of("marker"));
        await(Duration.ofSeconds(20), () -> w.handled() == 1);
        assertThat(poisoned).singleElement().satisfies(d -> assertThat(d.deliveryCount()).isEqualTo(3));
        assertThat(reports).singleElement().asString().contains("delivered 3 times, more than the limit of 2");
        assertThat(tries).hasValue(2);
    }

    @Test
    void anUndecodableRecordReachesTheHandlerWithoutAValue() throws Exception {
        String topic = topic("undecodable");
        Map<String, Integer> values = new ConcurrentHashMap<>();
        List<String> undecodable = new CopyOnWriteArrayList<>();
        ShareGroupWorker<Integer> w = start(settings(topic, "undecodable", "a", null, 2), new IntegerText(), d -> {
            if (d.value() == null) {
                undecodable.add(d.key());
            } else {
                values.put(d.key(), d.value());
            }
            return Ack.ACCEPT;
        }, (d, reason) -> { });
        send(topic, Map.of("bad", "not a number"));
        send(topic, Map.of("good", "42"));

        await(Duration.ofSeconds(20), () -> w.handled() == 2);
        assertThat(undecodable).containsExactly("bad");
        assertThat(values).containsExactly(Map.entry("good", 42));
        assertThat(w.healthy()).isTrue();
    }

    /** Integers written as text; anything else is refused, as a protobuf parser refuses garbage. */
    private static final class IntegerText implements Deserializer<Integer> {
        @Override
        public Integer deserialize(String topic, byte[] data) {
            String text = new String(data, StandardCharsets.UTF_8);
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                throw new SerializationException("not an integer: " + text, e);
            }
        }
    }

    private static int topics;

    /** A fresh topic and group per test, so that no test sees another's records. */
    private static String topic(String name) throws Exception {
        String topic = name + "-" + (++topics);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static Settings settings(String topic, String group, String client, Duration lock, int maxDeliveries) {
        return new Settings(kafka.bootstrapServers(), group + "-" + topic, topic, topic + "-" + client,
                Duration.ofMillis(500), lock, maxDeliveries, Map.of());
    }

    private ShareGroupWorker<String> start(Settings s, ShareGroupWorker.Handler<String> handler) {
        return start(s, new StringDeserializer(), handler, (d, reason) -> { });
    }

    private <V> ShareGroupWorker<V> start(Settings s, Deserializer<V> values, ShareGroupWorker.Handler<V> handler,
                                          ShareGroupWorker.PoisonHandler<V> poison) {
        ShareGroupWorker<V> w = ShareGroupWorker.start(s, values, handler, poison);
        workers.add(w);
        return w;
    }

    private static void send(String topic, List<String> values) throws Exception {
        try (var producer = producer()) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v, v)).get();
            }
        }
    }

    private static void send(String topic, Map<String, String> keyed) throws Exception {
        try (var producer = producer()) {
            for (var e : keyed.entrySet()) {
                producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get();
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer());
    }

    private static void await(Duration max, BooleanSupplier condition) {
        Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
