package io.alps.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and a real S3 server: those named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} / {@code ALPS_STORAGE_ENDPOINT} when set; else Kafka and MinIO
 * containers when a Docker engine answers; else one in-process KRaft broker and one S3Proxy. They
 * serve every test class of the JVM (starting them once keeps the suites fast; tests use their
 * own experiment ids, so they do not see each other).
 */
public final class LocalInfraResource implements QuarkusTestResourceLifecycleManager {
    /** A tiny Fashion-MNIST set (60 training, 20 test images) registered under this name for the services' tests. */
    public static final String TINY_DATA_SET = "tiny-fashion";
    private static EmbeddedKafka kafka;
    private static EmbeddedS3 s3;
    private static java.nio.file.Path tinyData;

    @Override
    public synchronized Map<String, String> start() {
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        String endpoint = System.getenv("ALPS_STORAGE_ENDPOINT");
        boolean docker = (bootstrap == null || endpoint == null) && DockerInfra.available();
        if (bootstrap == null) {
            bootstrap = docker ? DockerInfra.kafkaBootstrap() : sharedKafka().bootstrapServers();
        }
        if (endpoint == null) {
            endpoint = docker ? DockerInfra.s3Endpoint() : sharedS3().endpoint();
        }
        return Map.of("alps.data.sets", TINY_DATA_SET + "=" + tinyData(),
                "kafka.bootstrap.servers", bootstrap,
                "alps.storage.endpoint", endpoint,
                "alps.storage.access-key", System.getenv().getOrDefault("ALPS_STORAGE_ACCESS_KEY", EmbeddedS3.ACCESS_KEY),
                "alps.storage.secret-key", System.getenv().getOrDefault("ALPS_STORAGE_SECRET_KEY", EmbeddedS3.SECRET_KEY));
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; stopped by the shutdown hook.
    }

    public static synchronized EmbeddedKafka sharedKafka() {
        if (kafka == null) {
            try {
                kafka = EmbeddedKafka.start(0, Files.createTempDirectory("alps-test-kafka"), 2);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedKafka k = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(k::close));
        }
        return kafka;
    }

    private static synchronized java.nio.file.Path tinyData() {
        if (tinyData == null) {
            try {
                tinyData = TinyFashionMnist.write(Files.createTempDirectory("alps-test-data"), 60, 20, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tinyData;
    }

    public static synchronized EmbeddedS3 sharedS3() {
        if (s3 == null) {
            s3 = EmbeddedS3.start(0, null);
            EmbeddedS3 s = s3;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return s3;
    }
}
