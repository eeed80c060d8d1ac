package io.alps.service.engine.testing;

import io.alps.api.spec.ExperimentSpec;
import io.alps.infra.TinyFashionMnist;
import io.alps.service.engine.NetworkStore;
import io.alps.service.experiment.ExperimentStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the ML services' {@code @QuarkusTest}s share: the running service's stores and metrics, the
 * broker's address, a tiny Fashion-MNIST copy and small dense specs over it. Each test class adds
 * {@code @QuarkusTest @QuarkusTestResource(LocalInfraResource.class)} (a real broker and S3 server).
 *
 * <p>The beans are looked up rather than injected: this class comes from another module's test jar,
 * which Quarkus does not index for injection points.
 */
public abstract class MlServiceTestBase {
    /** How long a test waits for a step's event. */
    protected static final Duration WAIT = Duration.ofSeconds(90);

    protected ExperimentStore store;
    protected NetworkStore networks;
    protected MeterRegistry meters;
    protected String bootstrap;

    @BeforeEach
    void lookUpTheService() {
        store = Arc.container().instance(ExperimentStore.class).get();
        networks = Arc.container().instance(NetworkStore.class).get();
        meters = Arc.container().instance(MeterRegistry.class).get();
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A tiny Fashion-MNIST copy with {@code train} and {@code test} images in a new folder. */
    protected static Path tinyData(String name, int train, int test, long seed) throws IOException {
        return TinyFashionMnist.write(Files.createTempDirectory(name), train, test, seed);
    }

    /** A small dense experiment on {@code data}, batches of 32: {@code settings} over the defaults. */
    protected static ExperimentSpec dense(Path data, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("dataset", "fashion-mnist", "data", data.toString(), "batch", 32));
        all.putAll(settings);
        return ExperimentSpec.defaults("dense").with(all);
    }

    /** The experiment's count of the counter {@code name}, 0 before the first. */
    protected double counter(String name, String id) {
        var c = meters.find(name).tag("experiment", id).counter();
        return c == null ? 0 : c.count();
    }
}
