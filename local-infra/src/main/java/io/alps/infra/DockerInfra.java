package io.alps.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and MinIO as Testcontainers, used by the tests instead of the in-process servers when a
 * Docker engine answers. Started once per JVM; Testcontainers removes them when the JVM exits.
 */
final class DockerInfra {
    static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";

    private static KafkaContainer kafka;
    private static MinIOContainer minio;

    private DockerInfra() {
    }

    /** True when Docker is configured here and its engine answers (asking Testcontainers only then). */
    static boolean available() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static synchronized String kafkaBootstrap() {
        if (kafka == null) {
            kafka = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_NUM_PARTITIONS", "2");
            kafka.start();
        }
        return kafka.getBootstrapServers();
    }

    static synchronized String s3Endpoint() {
        if (minio == null) {
            minio = new MinIOContainer(MINIO_IMAGE).withUserName(EmbeddedS3.ACCESS_KEY).withPassword(EmbeddedS3.SECRET_KEY);
            minio.start();
        }
        return minio.getS3URL();
    }
}
