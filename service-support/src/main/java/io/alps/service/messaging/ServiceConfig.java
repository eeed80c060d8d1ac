package io.alps.service.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who this process is: the service name on events and meters, and the instance among its replicas. */
@ConfigMapping(prefix = "alps.service")
public interface ServiceConfig {
    String name();

    /** Distinguishes replicas of one service; default host name and process id. */
    Optional<String> instanceId();

    /** How long a send to Kafka may take before the step counts as failed. */
    @WithDefault("60")
    int sendTimeoutSeconds();

    default String instance() {
        return instanceId().orElseGet(() -> {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return name() + "@" + host + ":" + ProcessHandle.current().pid();
        });
    }
}
