package io.alps.service.messaging;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes one topic as a member of a Kafka share group (KIP-932): each record goes to whichever
 * member asks next, whatever its partition, and stays locked to that member until it is
 * acknowledged, the lock expires or the member's connection closes; then another member gets it
 * with a higher delivery count.
 *
 * <p>A worker holds one record at a time. The handler runs on its own thread while the poll
 * thread, the only one that touches the consumer (it is not thread-safe), renews the record's
 * lock every {@link Settings#renewEvery()}, so work may take longer than the lock.
 *
 * <p>A record delivered more than {@link Settings#maxDeliveries()} times goes to the poison
 * handler instead and is then archived, if the poison check agrees: deliveries also rise when a
 * broker restart loses locks without any worker having the record, so the caller may know better
 * (the trainer counts the tries that really started). On the last delivery the broker allows
 * ({@code group.share.delivery.count.limit}, read from the broker; it archives the record on its
 * own after that) the record is poison whatever the check says, so that it is reported, not lost.
 */
public final class ShareGroupWorker<V> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ShareGroupWorker.class);

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONFIGURE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a renewed record may take to come back before its lock counts as lost. */
    private static final Duration RENEWED_RETURN_TIMEOUT = Duration.ofSeconds(10);

    /** One delivered record; {@code value} is null when the value could not be deserialized. */
    public record Delivery<V>(String topic, String key, V value, int deliveryCount, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset + " (key " + key + ", delivery " + deliveryCount + ")";
        }
    }

    /** What becomes of a record once the handler is done with it. */
    public enum Ack {
        /** Done: the record is not delivered again. */
        ACCEPT,
        /** Given back so that a worker tries again (its delivery count goes up). */
        RELEASE,
        /** Archived without another try; the handler has already reported why. */
        REJECT
    }

    /** Handles one record; an exception counts as {@link Ack#RELEASE}. */
    @FunctionalInterface
    public interface Handler<V> {
        Ack handle(Delivery<V> delivery) throws Exception;
    }

    /** Told once about a record delivered too often, which is then archived. */
    @FunctionalInterface
    public interface PoisonHandler<V> {
        void onPoison(Delivery<V> delivery, String reason);
    }

    /** Whether a record delivered more than the limit really is poison (false: handle it once more). */
    @FunctionalInterface
    public interface PoisonCheck<V> {
        boolean isPoison(Delivery<V> delivery);
    }

    /** The broker's own limit when it cannot be read (Kafka's default). */
    static final int DEFAULT_BROKER_DELIVERY_LIMIT = 5;

    /**
     * @param renewEvery how often the lock of a record still being handled is renewed; well below
     *     the lock duration
     * @param lockDuration the group's acquisition lock ({@code share.record.lock.duration.ms});
     *     null keeps the group's current setting. It must lie within the broker's
     *     {@code group.share.min/max.record.lock.duration.ms}.
     * @param maxDeliveries deliveries after which a record counts as poison
     * @param extraConsumerProperties added to the consumer's configuration (security settings,
     *     for instance); those the worker relies on cannot be overridden
     */
    public record Settings(String bootstrapServers, String groupId, String topic, String clientId,
                           Duration renewEvery, Duration lockDuration, int maxDeliveries,
                           Map<String, Object> extraConsumerProperties) {
        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(renewEvery, "renewEvery");
            if (renewEvery.isNegative() || renewEvery.isZero()) {
                throw new IllegalArgumentException("renewEvery must be positive, not " + renewEvery);
            }
            if (lockDuration != null && renewEvery.compareTo(lockDuration) >= 0) {
                throw new IllegalArgumentException("renewEvery (" + renewEvery + ") must be shorter than the lock ("
                        + lockDuration + "), or the lock expires before it is renewed");
            }
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1, not " + maxDeliveries);
            }
            extraConsumerProperties = extraConsumerProperties == null ? Map.of() : Map.copyOf(extraConsumerProperties);
        }
    }

    private final Settings settings;
    private final Deserializer<V> valueDeserializer;
    /** Replaced after a lost lock (see {@link #freshConsumer}); only the poll thread touches it. */
    private KafkaShareConsumer<String, V> consumer;
    private final Handler<V> handler;
    private final PoisonHandler<V> poison;
    private final PoisonCheck<V> poisonCheck;
    private final int brokerDeliveryLimit;
    private final ExecutorService handlerThread;
    private final Thread pollThread;
    private final long staleAfterNanos;
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Future<Ack> current;
    private volatile long lastBeatNanos = System.nanoTime();

    private ShareGroupWorker(Settings settings, Deserializer<V> valueDeserializer, Handler<V> handler,
                             PoisonHandler<V> poison, PoisonCheck<V> poisonCheck, int brokerDeliveryLimit) {
        this.settings = settings;
        this.handler = handler;
        this.poison = poison;
        this.poisonCheck = poisonCheck;
        this.brokerDeliveryLimit = brokerDeliveryLimit;
        this.valueDeserializer = valueDeserializer;
        this.consumer = newConsumer();
        // While a record is handled the poll thread beats only once per renewal.
        this.staleAfterNanos = Math.max(Duration.ofSeconds(30).toNanos(), 3 * settings.renewEvery().toNanos());
        this.handlerThread = Executors.newSingleThreadExecutor(r -> daemon(r, settings.clientId() + "-handler"));
        this.pollThread = daemon(this::pollLoop, settings.clientId() + "-poll");
    }

    /**
     * Sets the group up to start from the earliest record (a new share group starts at the latest)
     * and with the lock duration asked for, then starts consuming.
     */
    public static <V> ShareGroupWorker<V> start(Settings settings, Deserializer<V> valueDeserializer, Handler<V> handler,
                                                PoisonHandler<V> poison) {
        return start(settings, valueDeserializer, handler, poison, d -> true);
    }

    /** As {@link #start(Settings, Deserializer, Handler, PoisonHandler)}, asking {@code check} before a record counts as poison. */
    public static <V> ShareGroupWorker<V> start(Settings settings, Deserializer<V> valueDeserializer, Handler<V> handler,
                                                PoisonHandler<V> poison, PoisonCheck<V> check) {
        Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(poison, "poison");
        Objects.requireNonNull(check, "check");
        int brokerLimit = configureGroup(settings);
        if (settings.maxDeliveries() >= brokerLimit) {
            LOG.warnf("%s: maxDeliveries %d is not below the broker's group.share.delivery.count.limit %d; the broker "
                    + "archives a record after %d deliveries", settings.clientId(), settings.maxDeliveries(), brokerLimit,
                    brokerLimit);
        }
        ShareGroupWorker<V> worker = new ShareGroupWorker<>(settings, valueDeserializer, handler, poison, check,
                brokerLimit);
        worker.pollThread.start();
        LOG.infof("%s consumes %s in share group %s", settings.clientId(), settings.topic(), settings.groupId());
        return worker;
    }

    /** True while the poll thread runs and has shown signs of life lately. */
    public boolean healthy() {
        return running && pollThread.isAlive() && System.nanoTime() - lastBeatNanos < staleAfterNanos;
    }

    /** Records acknowledged {@link Ack#ACCEPT} so far. */
    public long handled() {
        return handled.get();
    }

    /**
     * Stops within about ten seconds. A record still being handled is given back so that another
     * worker takes it, and the handler thread is interrupted.
     */
    @Override
    public void close() {
        running = false;
        Future<Ack> work = current;
        if (work != null) {
            work.cancel(true);
        }
        try {
            pollThread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pollThread.isAlive()) {
            LOG.warnf("%s did not stop within %s", settings.clientId(), STOP_TIMEOUT);
        }
        handlerThread.shutdownNow();
    }

    /** Stops like a killed process would: the consumer is closed with its record unacknowledged. */
    void crashForTest() {
        crashed = true;
        close();
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(settings.topic()));
            while (running) {
                Iterator<ConsumerRecord<String, V>> records = poll().iterator();
                if (!records.hasNext()) {
                    continue;
                }
                ConsumerRecord<String, V> record = records.next();
                // More than max.poll.records should not come, but if it does the extras go back at
                // once: explicit acknowledgement refuses the next poll, and with it every renewal,
                // while a record of the last poll is unacknowledged.
                records.forEachRemaining(extra -> consumer.acknowledge(extra, AcknowledgeType.RELEASE));
                process(record);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped consuming %s", settings.clientId(), settings.topic());
        } finally {
            running = false;
            try {
                // Closing the share session hands any record still held to another member at once.
                consumer.close(CONSUMER_CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: closing the consumer failed", settings.clientId());
            }
        }
    }

    private Iterable<ConsumerRecord<String, V>> poll() {
        try {
            return consumer.poll(POLL_TIMEOUT);
        } finally {
            lastBeatNanos = System.nanoTime();
        }
    }

    private void process(ConsumerRecord<String, V> record) {
        Delivery<V> delivery = delivery(record);
        if (delivery.deliveryCount() > settings.maxDeliveries() && isPoison(delivery)) {
            acknowledge(record, reportPoison(delivery) ? Ack.REJECT : Ack.RELEASE);
            return;
        }
        Future<Ack> work = handlerThread.submit(() -> handler.handle(delivery));
        current = work;
        if (!running) {
            work.cancel(true); // close() may have looked before current was set
        }
        ConsumerRecord<String, V> held = record; // null once its lock is known to be lost
        Ack ack;
        while (true) {
            try {
                ack = Objects.requireNonNullElse(work.get(settings.renewEvery().toMillis(), TimeUnit.MILLISECONDS),
                        Ack.RELEASE);
                break;
            } catch (TimeoutException e) {
                lastBeatNanos = System.nanoTime();
                if (held != null) {
                    held = renew(held);
                }
            } catch (ExecutionException e) {
                LOG.warnf(e.getCause(), "%s: handling %s failed; it goes back for another try", settings.clientId(),
                        delivery);
                ack = Ack.RELEASE;
                break;
            } catch (CancellationException e) {
                ack = Ack.RELEASE;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                work.cancel(true);
                ack = Ack.RELEASE;
                break;
            }
        }
        current = null;
        if (crashed) {
            return;
        }
        if (held == null) {
            // When stopping, closing the consumer hands a record caught mid-renewal over.
            if (running) {
                LOG.warnf("%s: finished %s after losing its lock; another worker has it", settings.clientId(),
                        delivery);
                freshConsumer();
            }
            return;
        }
        acknowledge(held, ack);
    }

    private KafkaShareConsumer<String, V> newConsumer() {
        return new KafkaShareConsumer<>(consumerProperties(settings), new StringDeserializer(),
                new TolerantDeserializer<>(valueDeserializer));
    }

    /**
     * Replaces the consumer with a new one (a new share session). A consumer whose lock was lost in
     * the middle of a renewal (a broker restart) still counts that record as unacknowledged, and got
     * nothing more for minutes while the broker kept acquiring records for its old session, each
     * lock expiring unseen; a new session starts clean.
     */
    private void freshConsumer() {
        try {
            consumer.close(CONSUMER_CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("%s: closing the old consumer failed (%s)", settings.clientId(), e.getMessage());
        }
        consumer = newConsumer();
        consumer.subscribe(List.of(settings.topic()));
        LOG.infof("%s: consuming %s with a new share session", settings.clientId(), settings.topic());
    }

    /**
     * Renews the lock on {@code held} and returns the instance to acknowledge from now on, or null
     * when the lock was already lost or the worker is stopping.
     */
    private ConsumerRecord<String, V> renew(ConsumerRecord<String, V> held) {
        try {
            consumer.acknowledge(held, AcknowledgeType.RENEW);
            // Committing sends the renewal now and tells whether the broker still saw us as the holder.
            Optional<KafkaException> refused = failure(consumer.commitSync(COMMIT_TIMEOUT));
            if (refused.isPresent()) {
                LOG.warnf("%s: could not renew the lock on %s (%s); another worker may have it", settings.clientId(),
                        describe(held), refused.get().getMessage());
                return null;
            }
        } catch (IllegalStateException | KafkaException e) {
            LOG.warnf("%s: could not renew the lock on %s (%s)", settings.clientId(), describe(held), e.getMessage());
            return null;
        }
        // A renewed record is handed back by a later poll, and only then may it be acknowledged again.
        long deadline = System.nanoTime() + RENEWED_RETURN_TIMEOUT.toNanos();
        while (running && System.nanoTime() < deadline) {
            ConsumerRecord<String, V> back = null;
            for (ConsumerRecord<String, V> r : poll()) {
                if (sameRecord(r, held)) {
                    back = r;
                } else {
                    consumer.acknowledge(r, AcknowledgeType.RELEASE); // this worker is busy
                }
            }
            if (back != null) {
                LOG.debugf("%s: renewed the lock on %s", settings.clientId(), describe(held));
                return back;
            }
        }
        if (running) {
            LOG.warnf("%s: the renewed %s did not come back within %s", settings.clientId(), describe(held),
                    RENEWED_RETURN_TIMEOUT);
        }
        return null;
    }

    private void acknowledge(ConsumerRecord<String, V> record, Ack ack) {
        try {
            consumer.acknowledge(record, type(ack));
            Optional<KafkaException> refused = failure(consumer.commitSync(COMMIT_TIMEOUT));
            if (refused.isPresent()) {
                LOG.warnf("%s: %s of %s was refused (%s); its lock had expired and another worker may have it",
                        settings.clientId(), ack, describe(record), refused.get().getMessage());
            } else if (ack == Ack.ACCEPT) {
                handled.incrementAndGet();
            }
        } catch (IllegalStateException | KafkaException e) {
            LOG.warnf("%s: could not %s %s (%s)", settings.clientId(), ack, describe(record), e.getMessage());
        }
    }

    private boolean isPoison(Delivery<V> delivery) {
        if (delivery.deliveryCount() >= brokerDeliveryLimit) {
            return true; // the broker's last delivery: report it rather than let the broker drop it
        }
        try {
            if (poisonCheck.isPoison(delivery)) {
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: the poison check of %s failed (%s); counting it as poison", settings.clientId(), delivery,
                    e.getMessage());
            return true;
        }
        LOG.infof("%s: %s was delivered often but the tries did not fail; handling it again", settings.clientId(),
                delivery);
        return false;
    }

    /** True when the poison handler took the report; if it failed, the record is delivered again. */
    private boolean reportPoison(Delivery<V> delivery) {
        String reason = String.format("delivered %d times, more than the limit of %d: every earlier try failed, "
                        + "was given back or outlived its worker (%s-%d offset %d)", delivery.deliveryCount(),
                settings.maxDeliveries(), delivery.topic(), delivery.partition(), delivery.offset());
        LOG.warnf("%s: %s is poison: %s", settings.clientId(), delivery, reason);
        try {
            poison.onPoison(delivery, reason);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: reporting the poison record %s failed; it goes back to be reported again",
                    settings.clientId(), delivery);
            return false;
        }
    }

    private static AcknowledgeType type(Ack ack) {
        return switch (ack) {
            case ACCEPT -> AcknowledgeType.ACCEPT;
            case RELEASE -> AcknowledgeType.RELEASE;
            case REJECT -> AcknowledgeType.REJECT;
        };
    }

    private static Optional<KafkaException> failure(Map<TopicIdPartition, Optional<KafkaException>> results) {
        return results.values().stream().flatMap(Optional::stream).findFirst();
    }

    private static <V> Delivery<V> delivery(ConsumerRecord<String, V> r) {
        int count = r.deliveryCount().map(Short::intValue).orElse(1);
        return new Delivery<>(r.topic(), r.key(), r.value(), count, r.partition(), r.offset());
    }

    private static boolean sameRecord(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.offset() == b.offset() && a.partition() == b.partition() && a.topic().equals(b.topic());
    }

    private static String describe(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    private static Map<String, Object> consumerProperties(Settings s) {
        Map<String, Object> p = new HashMap<>(s.extraConsumerProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.clientId());
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        // One record per poll, so an idle worker leaves the next record to another idle worker
        // (the default batch_optimized mode may hand a whole batch to one consumer).
        p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return p;
    }

    /** Sets the group up and returns the broker's delivery limit. */
    private static int configureGroup(Settings s) {
        List<AlterConfigOp> ops = new ArrayList<>();
        ops.add(set("share.auto.offset.reset", "earliest"));
        if (s.lockDuration() != null) {
            ops.add(set("share.record.lock.duration.ms", Long.toString(s.lockDuration().toMillis())));
        }
        Map<String, Object> adminProperties = new HashMap<>();
        s.extraConsumerProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                adminProperties.put(k, v);
            }
        });
        adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        adminProperties.put(AdminClientConfig.CLIENT_ID_CONFIG, s.clientId() + "-admin");
        try (Admin admin = Admin.create(adminProperties)) {
            ensureOnePartition(admin, s.topic());
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, s.groupId()), ops))
                    .all().get(CONFIGURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return brokerDeliveryLimit(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot configure share group " + s.groupId() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot configure share group " + s.groupId() + ": no answer within "
                    + CONFIGURE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring share group " + s.groupId(), e);
        }
    }

    private static int brokerDeliveryLimit(Admin admin) {
        try {
            var node = admin.describeCluster().nodes().get(CONFIGURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .iterator().next();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            ConfigEntry limit = admin.describeConfigs(List.of(broker)).all()
                    .get(CONFIGURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(broker)
                    .get("group.share.delivery.count.limit");
            return limit == null || limit.value() == null ? DEFAULT_BROKER_DELIVERY_LIMIT : Integer.parseInt(limit.value());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("cannot read the broker's group.share.delivery.count.limit (%s); assuming %d", e.getMessage(),
                    DEFAULT_BROKER_DELIVERY_LIMIT);
            return DEFAULT_BROKER_DELIVERY_LIMIT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_BROKER_DELIVERY_LIMIT;
        }
    }

    /**
     * Creates the topic with one partition unless it exists. The share group assignor gives each
     * member only some of the partitions while there are at least as many partitions as members,
     * so a busy member's partition waits while an idle member has none; on one partition every
     * member takes records from all of it. A topic that already has more is used as it is, with a
     * warning.
     */
    private static void ensureOnePartition(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        try {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty()))).all()
                    .get(CONFIGURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(CONFIGURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            if (partitions > 1) {
                LOG.warnf("%s has %d partitions: share-group members may wait while one of them has work queued; "
                        + "create it with one partition", topic, partitions);
            }
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Gives null for a value that cannot be deserialized: the consumer would otherwise throw from
     * poll on every try, and the handler is the one to decide what an undecodable record means.
     */
    private static final class TolerantDeserializer<V> implements Deserializer<V> {
        private final Deserializer<V> inner;

        TolerantDeserializer(Deserializer<V> inner) {
            this.inner = inner;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            inner.configure(configs, isKey);
        }

        @Override
        public V deserialize(String topic, byte[] data) {
            try {
                return inner.deserialize(topic, data);
            } catch (RuntimeException e) {
                return undecodable(topic, e);
            }
        }

        @Override
        public V deserialize(String topic, Headers headers, byte[] data) {
            try {
                return inner.deserialize(topic, headers, data);
            } catch (RuntimeException e) {
                return undecodable(topic, e);
            }
        }

        @Override
        public V deserialize(String topic, Headers headers, ByteBuffer data) {
            try {
                return inner.deserialize(topic, headers, data);
            } catch (RuntimeException e) {
                return undecodable(topic, e);
            }
        }

        @Override
        public void close() {
            inner.close();
        }

        private V undecodable(String topic, RuntimeException e) {
            LOG.warnf("undecodable value on %s, handed on as null: %s", topic, e.getMessage());
            return null;
        }
    }
}
