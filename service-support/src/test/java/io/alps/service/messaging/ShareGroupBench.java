package io.alps.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.infra.EmbeddedKafka;
import io.alps.service.messaging.ShareGroupWorker.Ack;
import io.alps.service.messaging.ShareGroupWorker.Settings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaCDIEvents;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.impl.KafkaAdminClientRegistry;
import io.smallrye.reactive.messaging.kafka.impl.KafkaShareGroupSource;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link ShareGroupWorker} with the share-group source of SmallRye Reactive Messaging's
 * Kafka connector ({@code share-group=true}) and with a bare {@link KafkaShareConsumer}, against a
 * real single-node broker: throughput of small records, a handler outliving the acquisition lock,
 * and how soon a stopped member's record reaches another member. The SmallRye source is built as
 * its connector builds it, without a CDI container. A measurement, not a check of the build: it
 * runs only with {@code -Dalps.bench.sharegroup=true} and prints its figures.
 */
@EnabledIfSystemProperty(named = "alps.bench.sharegroup", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShareGroupBench {
    private static final int RECORDS = Integer.getInteger("alps.bench.records", 2000);
    private static final Duration MAX_RUN = Duration.ofMinutes(5);

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Vertx vertx;
    static final List<String> figures = new CopyOnWriteArrayList<>();
    private static int topics;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), 1);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        System.out.println("==== share group bench (" + RECORDS + " records) ====");
        figures.forEach(f -> System.out.println("BENCH " + f));
        vertx.closeAndAwait();
        if (kafka != null) {
            kafka.close();
        }
    }

    // ---- throughput ----

    @Test
    @Order(1)
    void throughputOfShareGroupWorker() throws Exception {
        String topic = topic("worker");
        Settings s = settings(topic, "a", Duration.ofSeconds(10), null);
        ShareGroupSetup.configure(s);
        send(topic, RECORDS);
        Clock clock = new Clock();
        try (ShareGroupWorker<String> w = ShareGroupWorker.start(s, new StringDeserializer(), d -> {
            clock.tick();
            return Ack.ACCEPT;
        }, (d, reason) -> { })) {
            await(() -> w.handled() == RECORDS);
            clock.stop();
        }
        record("throughput ShareGroupWorker (one record per poll, commitSync per ack)", clock);
    }

    @Test
    @Order(2)
    void throughputOfBareShareConsumerOneAtATime() throws Exception {
        bareThroughput("bare", Map.of(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), true,
                "throughput bare KafkaShareConsumer (one record per poll, commitSync per ack)");
    }

    @Test
    @Order(3)
    void throughputOfBareShareConsumerInBatches() throws Exception {
        bareThroughput("bare-batch", Map.of(), false, "throughput bare KafkaShareConsumer (Kafka defaults: "
                + "batch_optimized, max.poll.records=500; commitSync per poll)");
    }

    /** The bare client on its own topic: {@code acquire} added to its settings, committing per record or per poll. */
    private void bareThroughput(String name, Map<String, Object> acquire, boolean commitEachRecord, String label)
            throws Exception {
        String topic = topic(name);
        Settings s = settings(topic, "a", Duration.ofSeconds(10), null);
        ShareGroupSetup.configure(s);
        send(topic, RECORDS);
        Map<String, Object> p = new HashMap<>(acquire);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        Clock clock = new Clock();
        int done = 0;
        try (ShareConsumer<String, String> c = new KafkaShareConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + MAX_RUN.toNanos();
            while (done < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                    clock.tick();
                    c.acknowledge(r, AcknowledgeType.ACCEPT);
                    if (commitEachRecord) {
                        c.commitSync();
                    }
                    done++;
                }
                if (!commitEachRecord) {
                    c.commitSync();
                }
            }
            clock.stop();
        }
        assertThat(done).isEqualTo(RECORDS);
        record(label, clock);
    }

    @Test
    @Order(4)
    void throughputOfSmallRyeSourceOneAtATime() throws Exception {
        smallRyeThroughput("one record per poll (share.acquire.mode=record_limit, max.poll.records=1)",
                Map.of(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"));
    }

    @Test
    @Order(5)
    void throughputOfSmallRyeSourceWithItsDefaults() throws Exception {
        smallRyeThroughput("connector defaults (batch_optimized, max.poll.records=500)", Map.of());
    }

    private void smallRyeThroughput(String what, Map<String, String> extra) throws Exception {
        String topic = topic("smallrye");
        Settings s = settings(topic, "a", Duration.ofSeconds(10), null);
        ShareGroupSetup.configure(s);
        send(topic, RECORDS);
        Clock clock = new Clock();
        AtomicLong acked = new AtomicLong();
        KafkaShareGroupSource<String, String> source = smallRye(s.groupId(), topic, "a", extra);
        try {
            source.getStream().call(r -> {
                clock.tick();
                return Uni.createFrom().completionStage(r.ack()).invoke(acked::incrementAndGet);
            }).subscribe().with(r -> { });
            await(() -> acked.get() == RECORDS);
            clock.stop();
        } finally {
            source.closeQuietly();
        }
        record("throughput SmallRye KafkaShareGroupSource, " + what
                + " (ack() completes once the consumer holds the acknowledgement; it reaches the broker with a later poll)",
                clock);
    }

    // ---- a handler longer than the lock ----

    /**
     * Two SmallRye members of one group with a 2 s lock and renewals every 0.5 s
     * ({@code auto.commit.interval.ms}); member a's handler works 6 s on a worker thread (what
     * {@code @Blocking} does). Counts the deliveries of that record to any handler; with working
     * renewal it is one.
     */
    @Test
    @Order(6)
    void shareGroupWorkerHandlerLongerThanTheLock() throws Exception {
        String topic = topic("long-worker");
        List<String> deliveries = new CopyOnWriteArrayList<>();
        List<ShareGroupWorker<String>> members = new ArrayList<>();
        try {
            for (String member : List.of("a", "b")) {
                members.add(ShareGroupWorker.start(settings(topic, member, Duration.ofMillis(500), Duration.ofSeconds(2)),
                        new StringDeserializer(), d -> {
                            deliveries.add(d.value() + " to " + member + " (delivery " + d.deliveryCount() + ")");
                            if (d.value().equals("round")) {
                                Thread.sleep(6_000);
                            }
                            return Ack.ACCEPT;
                        }, (d, reason) -> { }));
            }
            send(topic, List.of("round"));
            await(() -> members.stream().mapToLong(ShareGroupWorker::handled).sum() == 1);
            send(topic, List.of("marker"));
            await(() -> members.stream().mapToLong(ShareGroupWorker::handled).sum() == 2);
            record("ShareGroupWorker handler of 6 s, lock 2 s, renew every 0.5 s: deliveries " + deliveries
                    + ", accepted " + members.stream().mapToLong(ShareGroupWorker::handled).sum() + " of 2");
        } finally {
            members.forEach(ShareGroupWorker::close);
        }
    }

    @Test
    @Order(7)
    void smallRyeHandlerLongerThanTheLock() throws Exception {
        longHandler("max age 10 min", "600000");
    }

    /** As above, but the handler outlives {@code share-group.unprocessed-record-max-age.ms} (3 s). */
    @Test
    @Order(8)
    void smallRyeHandlerLongerThanTheMaxAge() throws Exception {
        longHandler("max age 3 s", "3000");
    }

    private void longHandler(String what, String maxAge) throws Exception {
        String topic = topic("long");
        Settings s = settings(topic, "a", Duration.ofMillis(500), Duration.ofSeconds(2));
        ShareGroupSetup.configure(s);
        Map<String, String> extra = Map.of(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1", "auto.commit.interval.ms", "500",
                "share-group.unprocessed-record-max-age.ms", maxAge, "graceful-shutdown", "false",
                "poll-timeout", "200");
        List<String> deliveries = new CopyOnWriteArrayList<>();
        List<String> ackFailures = new CopyOnWriteArrayList<>();
        ExecutorService workers = Executors.newCachedThreadPool();
        List<KafkaShareGroupSource<String, String>> sources = new ArrayList<>();
        try {
            for (String member : List.of("a", "b")) {
                KafkaShareGroupSource<String, String> source = smallRye(s.groupId(), topic, member, extra);
                sources.add(source);
                source.getStream().call(r -> Uni.createFrom().item(() -> {
                    deliveries.add(r.getPayload() + " to " + member + " (delivery " + deliveryCount(r) + ")");
                    if (r.getPayload().equals("round")) {
                        sleep(Duration.ofSeconds(6));
                    }
                    return r;
                }).runSubscriptionOn(workers).chain(x -> Uni.createFrom().completionStage(x.ack()))
                        .onFailure().invoke(f -> ackFailures.add(f.toString()))
                        .onFailure().recoverWithNull()).subscribe().with(r -> { });
            }
            long sent = System.nanoTime();
            send(topic, List.of("round"));
            // Both runs end with the marker: a later record handled after the long one is done.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> deliveries.stream().anyMatch(d -> d.startsWith("round"))
                            && System.nanoTime() - sent > Duration.ofSeconds(7).toNanos());
            send(topic, List.of("marker"));
            await(() -> deliveries.stream().anyMatch(d -> d.startsWith("marker")));
            HealthReport.HealthReportBuilder health = HealthReport.builder();
            sources.forEach(src -> src.isAlive(health));
            HealthReport report = health.build();
            record("SmallRye handler of 6 s, lock 2 s, renew every 0.5 s, " + what + ": deliveries " + deliveries
                    + ", ack failures " + ackFailures + ", liveness " + (report.isOk() ? "UP" : "DOWN "
                    + report.getChannels().stream().filter(c -> !c.isOk()).map(HealthReport.ChannelInfo::getMessage)
                    .toList()));
        } finally {
            sources.forEach(KafkaShareGroupSource::closeQuietly);
            workers.shutdownNow();
        }
    }

    // ---- hand-over when a member stops ----

    @Test
    @Order(9)
    void handOverByShareGroupWorker() throws Exception {
        String topic = topic("handover-worker");
        CountDownLatch aHasIt = new CountDownLatch(1);
        ShareGroupWorker<String> a = ShareGroupWorker.start(settings(topic, "a", Duration.ofSeconds(10), null),
                new StringDeserializer(), d -> {
                    aHasIt.countDown();
                    new CountDownLatch(1).await();
                    return Ack.ACCEPT;
                }, (d, reason) -> { });
        AtomicLong bGotIt = new AtomicLong();
        send(topic, List.of("round"));
        assertThat(aHasIt.await(30, TimeUnit.SECONDS)).isTrue();
        try (ShareGroupWorker<String> b = ShareGroupWorker.start(settings(topic, "b", Duration.ofSeconds(10), null),
                new StringDeserializer(), d -> {
                    bGotIt.compareAndSet(0, System.nanoTime());
                    return Ack.ACCEPT;
                }, (d, reason) -> { })) {
            awaitMembers("bench-" + topic, 2);
            long stopping = System.nanoTime();
            a.close();
            long stopped = System.nanoTime();
            await(() -> bGotIt.get() != 0);
            record(String.format("hand-over ShareGroupWorker: close() took %d ms, the other member had the record "
                    + "%d ms after close() began", ms(stopped - stopping), ms(bGotIt.get() - stopping)));
        }
    }

    @Test
    @Order(10)
    void handOverBySmallRyeSource() throws Exception {
        String topic = topic("handover-smallrye");
        Settings s = settings(topic, "a", Duration.ofSeconds(10), null);
        ShareGroupSetup.configure(s);
        Map<String, String> extra = Map.of(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        CountDownLatch aHasIt = new CountDownLatch(1);
        AtomicBoolean aInterrupted = new AtomicBoolean();
        AtomicLong bGotIt = new AtomicLong();
        ExecutorService workers = Executors.newCachedThreadPool();
        KafkaShareGroupSource<String, String> a = smallRye(s.groupId(), topic, "a", extra);
        KafkaShareGroupSource<String, String> b = null;
        try {
            a.getStream().call(r -> Uni.createFrom().item(() -> {
                aHasIt.countDown();
                aInterrupted.set(!sleep(Duration.ofMinutes(2)));
                return r;
            }).runSubscriptionOn(workers).chain(x -> Uni.createFrom().completionStage(x.ack()))
                    .onFailure().recoverWithNull()).subscribe().with(r -> { });
            send(topic, List.of("round"));
            assertThat(aHasIt.await(30, TimeUnit.SECONDS)).isTrue();
            b = smallRye(s.groupId(), topic, "b", extra);
            b.getStream().call(r -> {
                bGotIt.compareAndSet(0, System.nanoTime());
                return Uni.createFrom().completionStage(r.ack());
            }).subscribe().with(r -> { });
            awaitMembers(s.groupId(), 2);
            long stopping = System.nanoTime();
            a.closeQuietly();
            long stopped = System.nanoTime();
            await(() -> bGotIt.get() != 0);
            record(String.format("hand-over SmallRye KafkaShareGroupSource (graceful-shutdown default true): "
                    + "closeQuietly() took %d ms, the other member had the record %d ms after it began; "
                    + "the running handler was interrupted: %s", ms(stopped - stopping), ms(bGotIt.get() - stopping),
                    aInterrupted.get()));
        } finally {
            a.closeQuietly();
            if (b != null) {
                b.closeQuietly();
            }
            workers.shutdownNow();
        }
    }

    /** Each member holds a record being handled when the broker goes away; then each is stopped. */
    @Test
    @Order(11)
    void stopWithTheBrokerGone() throws Exception {
        ExecutorService workers = Executors.newCachedThreadPool();
        List<KafkaShareGroupSource<String, String>> sources = new ArrayList<>();
        ShareGroupWorker<String> worker = null;
        try {
            String workerTopic = topic("gone-worker");
            CountDownLatch holding = new CountDownLatch(3);
            worker = ShareGroupWorker.start(settings(workerTopic, "a", Duration.ofSeconds(10), null),
                    new StringDeserializer(), d -> {
                        holding.countDown();
                        new CountDownLatch(1).await();
                        return Ack.ACCEPT;
                    }, (d, reason) -> { });
            send(workerTopic, List.of("round"));
            for (String graceful : List.of("true", "false")) {
                String topic = topic("gone-smallrye-" + graceful);
                Settings s = settings(topic, "a", Duration.ofSeconds(10), null);
                ShareGroupSetup.configure(s);
                KafkaShareGroupSource<String, String> source = smallRye(s.groupId(), topic, "a",
                        Map.of(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1", "graceful-shutdown", graceful));
                sources.add(source);
                source.getStream().call(r -> Uni.createFrom().item(() -> {
                    holding.countDown();
                    sleep(Duration.ofMinutes(5));
                    return r;
                }).runSubscriptionOn(workers).chain(x -> Uni.createFrom().completionStage(x.ack()))
                        .onFailure().recoverWithNull()).subscribe().with(r -> { });
                send(topic, List.of("round"));
            }
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            kafka.close();
            kafka = null;

            ShareGroupWorker<String> w = worker;
            List<CompletableFuture<String>> stops = new ArrayList<>();
            stops.add(timed("ShareGroupWorker close()", w::close, workers));
            stops.add(timed("SmallRye closeQuietly() with graceful-shutdown=true", sources.get(0)::closeQuietly,
                    workers));
            stops.add(timed("SmallRye closeQuietly() with graceful-shutdown=false", sources.get(1)::closeQuietly,
                    workers));
            List<String> took = new ArrayList<>();
            for (CompletableFuture<String> stop : stops) {
                try {
                    took.add(stop.get(STOP_CAP.toMillis(), TimeUnit.MILLISECONDS));
                } catch (java.util.concurrent.TimeoutException e) {
                    took.add("did not return within " + STOP_CAP.toSeconds() + " s");
                }
            }
            record("stop with the broker gone while a record is handled: " + took);
        } finally {
            workers.shutdownNow();
        }
    }

    private static final Duration STOP_CAP = Duration.ofSeconds(90);

    private static CompletableFuture<String> timed(String what, Runnable stop, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            stop.run();
            return what + " took " + ms(System.nanoTime() - start) + " ms";
        }, pool);
    }

    /** Waits until the group has {@code count} members with a partition each, so a hand-over need not wait for a join. */
    private static void awaitMembers(String group, int count) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                var description = admin.describeShareGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS);
                return description.members().stream()
                        .filter(m -> !m.assignment().topicPartitions().isEmpty()).count() >= count;
            });
        }
    }

    // ---- helpers ----

    /** Times from the first record a handler saw to the moment the last one was acknowledged. */
    private static final class Clock {
        private final AtomicLong first = new AtomicLong();
        private volatile long last;

        void tick() {
            first.compareAndSet(0, System.nanoTime());
        }

        void stop() {
            last = System.nanoTime();
        }

        double perSecond() {
            return RECORDS * 1e9 / (last - first.get());
        }

        long millis() {
            return ms(last - first.get());
        }
    }

    private static void record(String what, Clock clock) {
        record(String.format("%s: %d records in %d ms = %.0f records/s", what, RECORDS, clock.millis(),
                clock.perSecond()));
    }

    private static void record(String figure) {
        figures.add(figure);
        System.out.println("BENCH " + figure);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static int deliveryCount(IncomingKafkaRecord<?, ?> r) {
        IncomingKafkaRecordMetadata<?, ?> metadata = r.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        return metadata.getRecord().deliveryCount().map(Short::intValue).orElse(-1);
    }

    /** False when interrupted. */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The SmallRye connector's share-group source for one channel, configured as in application.properties. */
    private static KafkaShareGroupSource<String, String> smallRye(String group, String topic, String member,
                                                                Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("channel-name", "bench-" + topic + "-" + member);
        c.put("topic", topic);
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("group.id", group);
        c.put("client.id", topic + "-smallrye-" + member);
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        c.put("share-group", "true");
        c.put("tracing-enabled", "false");
        c.put("health-readiness-enabled", "false");
        c.putAll(extra);
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(c, "bench", 100)).build();
        return new KafkaShareGroupSource<>(vertx, group, new KafkaConnectorIncomingConfiguration(config), none(),
                new NoCdiEvents(), new KafkaAdminClientRegistry(), none(), none());
    }

    /** The connector fires an event for each new consumer; without a container nobody listens. */
    private static final class NoCdiEvents extends KafkaCDIEvents {
        @Override
        @SuppressWarnings("unchecked")
        public Event<ShareConsumer<?, ?>> shareConsumer() {
            return (Event<ShareConsumer<?, ?>>) Proxy.newProxyInstance(Event.class.getClassLoader(),
                    new Class<?>[] {Event.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "select" -> proxy;
                        case "fireAsync" -> CompletableFuture.completedFuture(args[0]);
                        default -> null;
                    });
        }
    }

    /** An injection point with no bean: no customizers, no failure handlers, no telemetry. */
    @SuppressWarnings("unchecked")
    private static <T> Instance<T> none() {
        return (Instance<T>) Proxy.newProxyInstance(Instance.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "select" -> proxy;
                    case "isUnsatisfied" -> true;
                    case "isAmbiguous", "isResolvable" -> false;
                    case "iterator" -> Collections.emptyIterator();
                    case "stream", "handlesStream" -> Stream.empty();
                    case "handles" -> List.of();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "no bean";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String topic(String name) throws Exception {
        String topic = name + "-" + (++topics);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static Settings settings(String topic, String member, Duration renewEvery, Duration lock) {
        return new Settings(kafka.bootstrapServers(), "bench-" + topic, topic, topic + "-" + member, renewEvery, lock,
                3, Map.of());
    }

    private static void send(String topic, int count) throws Exception {
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add("r" + i);
        }
        send(topic, values);
    }

    private static void send(String topic, List<String> values) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (String v : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, v, v)));
            }
            for (var f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(MAX_RUN).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
