package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stop that does not wait for what is gone: every packaged service, running against a broker and
 * an S3 server that have both stopped, exits within ten seconds of SIGTERM. An orchestrator sends
 * SIGKILL after its grace period (Kubernetes: 30 s), and a user pressing Ctrl-C on the local stack
 * waits for it, so a service stuck reconnecting on its way out is a service that is killed.
 */
class ServiceStopIT {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    @Test
    void everyServiceExitsWithinTenSecondsOfSigtermAfterItsBrokerAndStorageAreGone() throws Exception {
        Path work = Files.createTempDirectory("alps-stop-it");
        Path root = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
        try (LocalStack stack = LocalStack.start(StackConfig.freePorts(root, work, 1, "600m"), Duration.ofMinutes(4))) {
            stack.stopBrokerAndStorage();
            // The stop must come while each service is already cut off: its readiness says so first.
            for (ServiceProcess s : stack.services()) {
                await(s.name() + " reports it is not ready").atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(250)).until(() -> !s.ready());
            }
            Map<String, Double> exitSeconds = new LinkedHashMap<>();
            for (ServiceProcess s : stack.services()) {
                long start = System.nanoTime();
                s.stopAsync();
                boolean exited = s.awaitExit(STOP_LIMIT.plusSeconds(5));
                double seconds = (System.nanoTime() - start) / 1e9;
                exitSeconds.put(s.name(), exited ? seconds : Double.POSITIVE_INFINITY);
                if (!exited || seconds > STOP_LIMIT.toSeconds()) {
                    threadDump(s);
                }
            }
            System.out.println("seconds from SIGTERM to exit, broker and object storage down: " + exitSeconds);
            assertThat(exitSeconds).as("seconds from SIGTERM to exit (thread dumps of late ones are in their logs)")
                    .allSatisfy((name, seconds) -> assertThat(seconds).as(name).isLessThan(STOP_LIMIT.toSeconds()));
        }
    }

    /** Appends the stuck process's threads to its log, so a failure shows what it waited for. */
    private static void threadDump(ServiceProcess s) throws IOException, InterruptedException {
        if (!s.isAlive()) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(s.pid()), "Thread.print").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start().waitFor();
    }
}
