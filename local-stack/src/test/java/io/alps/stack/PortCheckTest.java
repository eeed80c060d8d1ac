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
}
