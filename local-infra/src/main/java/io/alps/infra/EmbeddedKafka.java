package io.alps.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM: the
 * same server classes as the distribution, formatted and started the way {@code kafka-storage.sh}
 * and {@code kafka-server-start.sh} do it. Listens on loopback only.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final int port;
    private final Path logDir;
    private final KafkaRaftServer server;

    private EmbeddedKafka(int port, Path logDir, KafkaRaftServer server) {
        this.port = port;
        this.logDir = logDir;
        this.server = server;
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) keeping its logs in {@code logDir}; an
     * already formatted directory keeps its topics from the last run.
     */
    public static EmbeddedKafka start(int port, Path logDir, int partitions) {
        int brokerPort = port == 0 ? Ports.free() : port;
        int controllerPort = Ports.free();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(partitions));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // The most deliveries Kafka allows before it archives a record on its own: a broker restart
        // may count some that no consumer saw, and the trainers judge real failed tries themselves.
        p.put("group.share.delivery.count.limit", "10");
        // Lets a share group ask for acquisition locks of a second or more, so tests and the local
        // stack can see a lock expire quickly; the default lock stays 30 s.
        p.put("group.share.min.record.lock.duration.ms", "1000");
        // Consumers join at once instead of waiting for more members (a single-node dev broker).
        p.put("group.initial.rebalance.delay.ms", "0");
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(p, logDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(brokerPort, logDir, server);
    }

    private static void format(Properties p, Path logDir) throws IOException {
        Path config = logDir.resolveSibling(logDir.getFileName() + "-server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "ALPS embedded Kafka");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + logDir + " failed: " + log);
        }
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
