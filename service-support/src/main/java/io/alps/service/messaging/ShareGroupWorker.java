package io.alps.service.messaging;

import java.time.Duration;
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
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
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
 * <p>A record delivered more than {@link Settings#maxDeliveries()} times may be poison; the
 * {@link PoisonPolicy} decides and reports it instead of handing it to the handler. The broker is
 * set up by {@link ShareGroupSetup}; values that cannot be read reach the handler as null
 * ({@link TolerantDeserializer}).
 */
public final class ShareGroupWorker<V> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ShareGroupWorker.class);

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Closing and acknowledging on the way out: short, so a stop without a broker stays bounded. */
    private static final Duration STOPPING_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
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
    private final PoisonPolicy<V> poison;
    private final ExecutorService handlerThread;
    private final Thread pollThread;
    private final long staleAfterNanos;
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Future<Ack> current;
    private volatile long lastBeatNanos = System.nanoTime();

    private ShareGroupWorker(Settings settings, Deserializer<V> valueDeserializer, Handler<V> handler,
                             PoisonPolicy<V> poison) {
        this.settings = settings;
        this.handler = handler;
        this.poison = poison;
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
        int brokerLimit = ShareGroupSetup.configure(settings);
        ShareGroupWorker<V> worker = new ShareGroupWorker<>(settings, valueDeserializer, handler,
                new PoisonPolicy<>(settings.clientId(), settings.maxDeliveries(), brokerLimit, check, poison));
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
     * Starts stopping without waiting: the handler thread is interrupted and the poll thread ends.
     * A service with several workers asks them all first and then {@link #close}s each, so their
     * stops overlap.
     */
    public void requestStop() {
        running = false;
        Future<Ack> work = current;
        if (work != null) {
            work.cancel(true);
        }
    }

    /**
     * Stops within about five seconds, also when the broker is gone. A record still being handled
     * is given back (closing the share session releases it) so that another worker takes it.
     */
    @Override
    public void close() {
        requestStop();
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
                consumer.close(STOPPING_TIMEOUT);
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
        Optional<Ack> notHandled = poison.judge(delivery);
        if (notHandled.isPresent()) {
            acknowledge(record, notHandled.get());
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
        if (!running && ack == Ack.RELEASE) {
            return; // closing the consumer gives it back, without waiting on a broker that may be gone
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
            Optional<KafkaException> refused = failure(consumer.commitSync(running ? COMMIT_TIMEOUT : STOPPING_TIMEOUT));
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
            Optional<KafkaException> refused = failure(consumer.commitSync(running ? COMMIT_TIMEOUT : STOPPING_TIMEOUT));
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

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
