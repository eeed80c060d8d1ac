package io.alps.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus, when it is installed, scraping every service process of the stack: the same job as
 * deploy/prometheus/prometheus.yml with the compose service names replaced by loopback ports.
 */
final class PrometheusProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private PrometheusProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus on {@code port}, or returns empty when no {@code prometheus} binary is on the PATH. */
    static Optional<PrometheusProcess> startIfInstalled(int port, List<ServiceProcess> services, Path workDir) {
        Optional<Path> binary = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(java.io.File.pathSeparator)))
                .map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder yml = new StringBuilder("""
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                scrape_configs:
                  - job_name: alps
                    metrics_path: /q/metrics
                    static_configs:
                """);
        for (ServiceProcess s : services) {
            String service = s.name().replaceAll("-service.*", "");
            yml.append(String.format("      - targets: [\"%s\"]%n        labels: {service: %s, process: %s}%n",
                    s.url().replace("http://", ""), service, s.name()));
        }
        try {
            Path dir = Files.createDirectories(workDir.resolve("prometheus"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, yml);
            Process p = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("logs").resolve("prometheus.log").toFile())
                    .start();
            return Optional.of(new PrometheusProcess(p, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Prometheus", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
