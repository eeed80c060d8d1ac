package io.alps.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfraTest {
    @Test
    void theBrokerStoresAndDeliversRecordsAcrossARestart(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), 1);
             EventLog log = new EventLog(kafka.bootstrapServers())) {
            log.send("t", "k", "hello".getBytes(StandardCharsets.UTF_8));
            var records = log.await("t", "k", Duration.ofSeconds(30), r -> !r.isEmpty());
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(0, dir.resolve("kafka"), 1);
             EventLog log = new EventLog(again.bootstrapServers())) {
            assertThat(log.await("t", "k", Duration.ofSeconds(30), r -> !r.isEmpty())).hasSize(1);
        }
    }

    @Test
    void theS3ServerAnswersOnItsPort() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(0, null)) {
            assertThat(Ports.inUse(s3.port())).isTrue();
        }
    }
}
