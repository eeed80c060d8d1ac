package io.alps.service.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Prepares the broker for a share-group worker: the topic with one partition, the group starting
 * from the earliest record (a new share group starts at the latest) with the lock duration asked
 * for, and reads the broker's own delivery limit.
 */
final class ShareGroupSetup {
    private static final Logger LOG = Logger.getLogger(ShareGroupSetup.class);
    private static final Duration CONFIGURE_TIMEOUT = Duration.ofSeconds(30);

    /** The broker's own limit when it cannot be read (Kafka's default). */
    static final int DEFAULT_BROKER_DELIVERY_LIMIT = 5;

    private ShareGroupSetup() {
    }

    /** Sets the group up and returns the broker's delivery limit ({@code group.share.delivery.count.limit}). */
    static int configure(ShareGroupWorker.Settings s) {
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
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all()
                    .get(CONFIGURE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
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
}
