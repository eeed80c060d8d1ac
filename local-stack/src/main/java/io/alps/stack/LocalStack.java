package io.alps.stack;

import io.alps.events.Topics;
import io.alps.infra.EmbeddedKafka;
import io.alps.infra.EmbeddedS3;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Everything ALPS needs on one machine without Docker: a real Kafka broker (KRaft) and a real S3
 * server (S3Proxy) in this JVM, and the four services as separate processes pointed at them.
 * Closing it stops the services first, then the servers.
 */
public final class LocalStack implements AutoCloseable {
    private final StackConfig config;
    private EmbeddedKafka kafka;
    private EmbeddedS3 s3;
    private final List<ServiceProcess> services = new ArrayList<>();
    private PrometheusProcess prometheus;
    private final Map<String, Double> readySeconds = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean infrastructureStopped;

    private final String apiToken;

    private LocalStack(StackConfig config, EmbeddedKafka kafka, EmbeddedS3 s3) {
        this.config = config;
        this.kafka = kafka;
        this.s3 = s3;
        this.apiToken = ApiToken.create(config.workDir());
    }

    public static LocalStack start(StackConfig config, Duration readyTimeout) {
        EmbeddedKafka kafka = EmbeddedKafka.start(config.kafkaPort(), config.workDir().resolve("kafka"), config.partitions());
        EmbeddedS3 s3;
        try {
            s3 = EmbeddedS3.start(config.storagePort(), config.workDir().resolve("s3"));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LocalStack stack = new LocalStack(config, kafka, s3);
        try {
            stack.createTopics();
            stack.startServices();
            stack.awaitReady(readyTimeout);
            if (config.prometheusPort() > 0) {
                stack.prometheus = PrometheusProcess.startIfInstalled(config.prometheusPort(), stack.services,
                        config.workDir()).orElse(null);
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Topics up front, with a few partitions each, but one for the share groups' work (see ShareGroupWorker). */
    private void createTopics() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            for (String topic : Topics.ALL) {
                // Train requests and pool chunks: one partition, which a share group takes record by record.
                int partitions = Topics.TRAIN_REQUESTED.equals(topic) || Topics.POOL_CHUNK_REQUESTED.equals(topic) ? 1
                        : config.partitions();
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private void startServices() {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        common.put("alps.storage.endpoint", s3.endpoint());
        common.put("alps.storage.access-key", EmbeddedS3.ACCESS_KEY);
        common.put("alps.storage.secret-key", EmbeddedS3.SECRET_KEY);
        if (!config.dataSets().isEmpty()) {
            common.put("alps.data.sets", StackData.property(config.dataSets()));
        }
        java.nio.file.Path logs = config.workDir().resolve("logs");
        for (ServiceKind kind : ServiceKind.values()) {
            if (kind == ServiceKind.TRAINER || kind == ServiceKind.SELECTOR) {
                // Several instances share the work through a share group, each with its own id and port.
                int[] ports = config.instancePorts(kind);
                for (int i = 0; i < ports.length; i++) {
                    Map<String, String> props = new LinkedHashMap<>(common);
                    String name = ports.length == 1 ? kind.module() : kind.module() + "-" + (i + 1);
                    props.put("alps.service.instance-id", name);
                    services.add(ServiceProcess.start(config.root(), kind, name, ports[i], config.serviceHeap(), props,
                            Map.of(), logs));
                }
            } else {
                // Only the reporter serves the API; it reads the token from its environment.
                // The local stack listens on loopback only, for its own Prometheus: its dashboards draw each experiment.
                Map<String, String> env = kind == ServiceKind.REPORTER
                        ? Map.of("ALPS_API_TOKENS", apiToken, "ALPS_METRICS_PER_EXPERIMENT", "true") : Map.of();
                services.add(ServiceProcess.start(config.root(), kind, kind.module(), config.ports().get(kind),
                        config.serviceHeap(), common, env, logs));
            }
        }
    }

    private void awaitReady(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (java.util.Iterator<ServiceProcess> it = waiting.iterator(); it.hasNext(); ) {
                ServiceProcess s = it.next();
                if (s.ready()) {
                    readySeconds.put(s.name(), (System.nanoTime() - start) / 1e9);
                    it.remove();
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                ServiceProcess s = waiting.get(0);
                throw new IllegalStateException(s.name() + " did not become ready within " + timeout.toSeconds()
                        + " s; see " + s.log());
            }
            sleep(100);
        }
    }

    /** Seconds from launching the service processes until each answered ready (they start in parallel). */
    public Map<String, Double> readySeconds() {
        return Map.copyOf(readySeconds);
    }

    /** SIGKILLs the named service process (a crash), leaving the rest running. */
    public ServiceProcess kill(String name) {
        ServiceProcess s = service(name);
        s.kill();
        return s;
    }

    /** Starts the named services again, all at once, and waits until each is ready. */
    public void restart(Duration timeout, String... names) {
        List<ServiceProcess> started = new ArrayList<>();
        for (String name : names) {
            ServiceProcess s = service(name);
            ServiceProcess again = s.restart();
            services.set(services.indexOf(s), again);
            started.add(again);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceProcess again : started) {
            while (!again.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(again.name() + " did not become ready again within "
                            + timeout.toSeconds() + " s");
                }
                sleep(250);
            }
        }
    }

    /** Stops the S3 server for {@code downFor}, then starts it again on its port with its objects (a fault test). */
    public synchronized void restartStorage(Duration downFor) {
        s3.close();
        sleep(downFor.toMillis());
        s3 = EmbeddedS3.start(config.storagePort(), config.workDir().resolve("s3"));
    }

    /** Stops the broker for {@code downFor}, then starts it again on its port with its logs (a fault test). */
    public synchronized void restartBroker(Duration downFor) {
        kafka.close();
        sleep(downFor.toMillis());
        kafka = EmbeddedKafka.start(config.kafkaPort(), config.workDir().resolve("kafka"), config.partitions());
    }

    /** Stops the broker and the S3 server for good, leaving the services running without them (a fault test). */
    public synchronized void stopBrokerAndStorage() {
        if (infrastructureStopped) {
            return;
        }
        infrastructureStopped = true;
        s3.close();
        kafka.close();
    }

    private ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service process named " + name));
    }

    public StackConfig config() {
        return config;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String storageEndpoint() {
        return s3.endpoint();
    }

    /** Prometheus's address, when it is installed and running. */
    public java.util.Optional<String> prometheusUrl() {
        return java.util.Optional.ofNullable(prometheus).map(PrometheusProcess::url);
    }

    public String reporterUrl() {
        return config.reporterUrl();
    }

    /** The API token this stack's reporter accepts (also in {@code <work>/api-token}). */
    public String apiToken() {
        return apiToken;
    }

    public java.nio.file.Path apiTokenFile() {
        return config.workDir().resolve(ApiToken.FILE);
    }

    /** A client of this stack's reporter, with its token. */
    public ReporterClient reporter() {
        return new ReporterClient(config.reporterUrl(), apiToken);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // All services at once, before the broker and S3 they need: each gets SIGTERM now and
        // SIGKILL if it is not gone within the shared grace, so a stop takes seconds, not minutes.
        services.forEach(ServiceProcess::stopAsync);
        if (prometheus != null) {
            prometheus.close();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ServiceProcess s : services) {
            s.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        stopBrokerAndStorage();
        // Nothing a service started outlives the stack.
        services.forEach(ServiceProcess::killDescendants);
    }

    /** How long the services get to stop on their own, together. */
    static final Duration STOP_GRACE = Duration.ofSeconds(8);
}
