package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortCheckTest {
    @Test
    void aBusyPortIsOneLineNamingThePortItsUseAndTheProcessHoldingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            String problem = PortCheck.problem(port, "Kafka").orElseThrow();
            assertThat(problem).startsWith("port " + port + " (Kafka) is already in use by pid "
                    + ProcessHandle.current().pid() + " (").doesNotContain("\n");
            taken.close();
            assertThat(PortCheck.problem(port, "Kafka")).isEmpty();
        }
    }

    @Test
    void furtherTrainersAndSelectorsTakeTheNextPortsEachNamedForItsInstance() {
        StackConfig config = StackConfig.standard(java.nio.file.Path.of("."), java.nio.file.Path.of("work"), 2, 3, "1g");
        assertThat(config.instancePorts(ServiceKind.TRAINER)).containsExactly(8081, 8084);
        assertThat(config.instancePorts(ServiceKind.SELECTOR)).containsExactly(8082, 8085, 8086);
        assertThat(config.instancePorts(ServiceKind.PRUNER)).containsExactly(8083);
        var ports = PortCheck.ports(config);
        assertThat(ports).containsEntry(8082, "selector-service").containsEntry(8085, "selector-service-2")
                .containsEntry(8086, "selector-service-3").containsEntry(8084, "trainer-service-2");
        assertThat(ports.keySet()).as("no two uses of one port").hasSize(10);
    }
}
