package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml against the code: what it sets is what the services read, what it names
 * exists, and the ports, health checks and scaling it relies on match the services.
 */
class ComposeFileTest {
    private static Path root;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        services = servicesOf(root.resolve("docker-compose.yml"));
    }

    @Test
    void everyBuiltServiceIsAModuleWithADockerfile() throws IOException {
        String parentPom = Files.readString(root.resolve("pom.xml"));
        assertThat(builtServices()).containsOnlyKeys("trainer-service", "selector-service", "pruner-service",
                "reporter-service");
        assertThat(builtServices().keySet().stream().map(ComposeFileTest::dockerfile).distinct())
                .as("one Dockerfile for the CPU services, one for the trainer").hasSize(2);
        builtServices().forEach((name, module) -> {
            assertThat(dockerfile(name)).as(name).isRegularFile();
            assertThat(module.resolve("pom.xml")).as(name).isRegularFile();
            assertThat(parentPom).as(name + " in the parent pom's modules")
                    .contains("<module>" + module.getFileName() + "</module>");
        });
    }

    @Test
    void everyEnvironmentVariableIsAConfigKeyTheServiceReads() {
        builtServices().forEach((name, module) -> {
            Set<String> keys = ServiceConfigKeys.of(root, module);
            assertThat(unreadVariables(services.get(name), keys)).as(name + ": variables no config key matches")
                    .isEmpty();
            assertThat(environment(services.get(name))).as(name).containsKeys("KAFKA_BOOTSTRAP_SERVERS",
                    "ALPS_STORAGE_ENDPOINT", "ALPS_STORAGE_ACCESS_KEY", "ALPS_STORAGE_SECRET_KEY",
                    "ALPS_STORAGE_BUCKET");
        });
    }

    @Test
    void aVariableNoServiceReadsIsCaught() {
        Path trainer = root.resolve("trainer-service");
        Map<String, Object> service = new LinkedHashMap<>(services.get("trainer-service"));
        Map<String, Object> env = new LinkedHashMap<>(environment(service));
        env.put("ALPS_STORAGE_ENDPIONT", "http://minio:9000");
        env.put("KAFKA_BOOTSTRAP_SERVER", "kafka:9092");
        service.put("environment", env);

        assertThat(unreadVariables(service, ServiceConfigKeys.of(root, trainer)))
                .containsExactlyInAnyOrder("ALPS_STORAGE_ENDPIONT", "KAFKA_BOOTSTRAP_SERVER");
    }

    @Test
    void configMappingsAreReadInTheirEnvironmentForm() {
        Set<String> keys = ServiceConfigKeys.of(root, root.resolve("trainer-service"));
        assertThat(ServiceConfigKeys.reads(keys, "ALPS_SERVICE_INSTANCE_ID")).isTrue();
        assertThat(ServiceConfigKeys.reads(keys, "ALPS_SERVICE_SEND_TIMEOUT_SECONDS")).isTrue();
        assertThat(ServiceConfigKeys.reads(keys, "ALPS_TRAINER_LOCK_DURATION")).isTrue();
        assertThat(ServiceConfigKeys.reads(keys, "ALPS_SERVICE_INSTANCE")).as("a default method, not a property")
                .isFalse();
    }

    @Test
    void everyServiceNamedInDependsOnExistsAndCanSatisfyItsCondition() {
        services.forEach((name, service) -> dependsOn(service).forEach((target, condition) -> {
            assertThat(services).as(name + " depends on " + target).containsKey(target);
            if ("service_healthy".equals(condition)) {
                assertThat(hasHealthCheck(target)).as(target + " has a health check").isTrue();
            }
        }));
    }

    @Test
    void dockerfilesExposeAndProbeThePortTheServiceListensOn() throws IOException {
        for (Map.Entry<String, Path> built : builtServices().entrySet()) {
            String port = httpPort(built.getValue());
            String dockerfile = Files.readString(dockerfile(built.getKey()));
            Object args = ((Map<?, ?>) (services.get(built.getKey()).get("build") instanceof Map<?, ?> m ? m : Map.of()))
                    .get("args");
            if (args instanceof Map<?, ?> a) {
                assertThat(String.valueOf(a.get("PORT"))).as(built.getKey() + " PORT").isEqualTo(port);
                assertThat(dockerfile).contains("EXPOSE ${PORT}").contains("localhost:${PORT}/q/health/ready");
            } else {
                assertThat(dockerfile).as(built.getKey()).contains("EXPOSE " + port)
                        .contains("localhost:" + port + "/q/health/ready");
            }
            // A container's JVM runs with the flags every other launcher passes.
            for (String flag : Files.readAllLines(root.resolve("deploy/jvm/launch.args"))) {
                if (!flag.isBlank() && !flag.startsWith("#")) {
                    assertThat(dockerfile).as(built.getKey() + " JAVA_OPTS").contains(flag.strip());
                }
            }
            for (Object published : list(services.get(built.getKey()).get("ports"))) {
                assertThat(published.toString()).as(built.getKey()).endsWith(":" + port);
            }
        }
    }

    @Test
    void trainersScaleAndEachReservesAGpu() {
        Map<String, Object> trainer = services.get("trainer-service");
        assertThat(trainer).as("a fixed name or host port stops --scale").doesNotContainKeys("container_name", "ports");
        assertThat(trainer.toString()).contains("driver=nvidia").contains("capabilities=[gpu]");
    }

    @Test
    void selectorsScale() {
        assertThat(services.get("selector-service")).as("a fixed name or host port stops --scale")
                .doesNotContainKeys("container_name", "ports");
    }

    @Test
    void prometheusScrapesComposeServicesOnTheirPorts() throws IOException {
        String prometheus = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"));
        Matcher target = Pattern.compile("\"([a-z-]+):(\\d+)\"").matcher(prometheus);
        List<String> scraped = new ArrayList<>();
        while (target.find()) {
            scraped.add(target.group(1));
            assertThat(services).containsKey(target.group(1));
            assertThat(target.group(2)).as(target.group(1)).isEqualTo(httpPort(root.resolve(target.group(1))));
        }
        // Scaled services are found by DNS, one target per replica, on their port.
        for (String scaled : List.of("trainer-service", "selector-service")) {
            assertThat(prometheus).as(scaled).containsPattern("names: \\[" + scaled + "\\]\\s+type: A\\s+port: "
                    + httpPort(root.resolve(scaled)));
        }
        assertThat(scraped).containsExactlyInAnyOrder("reporter-service", "pruner-service");
    }

    @Test
    void mountedConfigFilesExist() {
        services.forEach((name, service) -> list(service.get("volumes")).forEach(volume -> {
            String source = volume.toString().split(":")[0];
            if (source.startsWith("./")) {
                assertThat(root.resolve(source)).as(name + " mounts " + source).exists();
            }
        }));
    }

    @Test
    void theComposeCheckOverrideOnlySwapsImagesOfServicesComposeRuns() throws IOException {
        Map<String, Map<String, Object>> override = servicesOf(root.resolve("docker-compose.check.yml"));
        assertThat(services).as("services of docker-compose.yml").containsKeys(override.keySet().toArray(String[]::new));
        override.forEach((name, service) -> {
            // Environment, volumes, command, ports and start order stay compose's own; MinIO's health
            // path is MinIO's, so only its stand-in probes differently.
            assertThat(service.keySet()).as(name).isSubsetOf(
                    "minio".equals(name) ? Set.of("image", "build", "healthcheck") : Set.of("image", "build"));
            Object build = service.get("build");
            Object context = build instanceof Map<?, ?> m ? m.get("context") : build;
            assertThat(root.resolve(context.toString()).resolve("Dockerfile")).as(name).isRegularFile();
        });
        // The trainer builds from the same context and Dockerfile, its CUDA base swapped for the JRE
        // base the Dockerfile already names.
        Map<?, ?> trainer = (Map<?, ?>) override.get("trainer-service").get("build");
        assertThat(root.resolve(trainer.get("context").toString()).normalize())
                .isEqualTo(builtServices().get("trainer-service"));
        String base = ((Map<?, ?>) trainer.get("args")).get("CUDA_IMAGE").toString();
        assertThat(Files.readString(dockerfile("trainer-service"))).contains("ARG CUDA_IMAGE=").contains("FROM " + base + " AS jre");
    }

    @Test
    void theComposeCheckStartsEveryServiceButGrafana() throws IOException {
        Matcher started = Pattern.compile("(?m)^services=\\(([^)]*)\\)").matcher(
                Files.readString(root.resolve("deploy/compose-check.sh")));
        assertThat(started.find()).as("services=(...) in deploy/compose-check.sh").isTrue();
        Set<String> expected = new java.util.HashSet<>(services.keySet());
        expected.remove("grafana");
        assertThat(started.group(1).trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(expected);
    }

    static List<String> unreadVariables(Map<String, Object> service, Set<String> keys) {
        return environment(service).keySet().stream().filter(v -> !ServiceConfigKeys.reads(keys, v)).toList();
    }

    /** Built service -> its module: the build context, or the SERVICE argument of a shared Dockerfile. */
    private static Map<String, Path> builtServices() {
        Map<String, Path> built = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            Object build = service.get("build");
            if (build != null) {
                Object context = build instanceof Map<?, ?> m ? m.get("context") : build;
                Object module = build instanceof Map<?, ?> m && m.get("args") instanceof Map<?, ?> a ? a.get("SERVICE") : null;
                built.put(name, root.resolve(context.toString()).resolve(module == null ? "" : module.toString()).normalize());
            }
        });
        return built;
    }

    /** The Dockerfile compose builds the service with. */
    private static Path dockerfile(String name) {
        Object build = services.get(name).get("build");
        if (build instanceof Map<?, ?> m && m.get("dockerfile") != null) {
            return root.resolve(m.get("context").toString()).resolve(m.get("dockerfile").toString()).normalize();
        }
        return builtServices().get(name).resolve("Dockerfile");
    }

    private boolean hasHealthCheck(String name) {
        Map<String, Object> service = services.get(name);
        if (service.containsKey("healthcheck")) {
            return true;
        }
        Path module = builtServices().get(name);
        try {
            return module != null && Files.readString(dockerfile(name)).contains("HEALTHCHECK");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Compose accepts both a map and a list of NAME=value. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (Object entry : list(env)) {
            String[] parts = entry.toString().split("=", 2);
            vars.put(parts[0], parts.length > 1 ? parts[1] : null);
        }
        return vars;
    }

    /** depends_on as target -> condition; the short list form means service_started. */
    private static Map<String, String> dependsOn(Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        Map<String, String> targets = new LinkedHashMap<>();
        if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((target, spec) -> targets.put(target.toString(),
                    spec instanceof Map<?, ?> s ? String.valueOf(s.get("condition")) : "service_started"));
        } else {
            list(dependsOn).forEach(target -> targets.put(target.toString(), "service_started"));
        }
        return targets;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static String httpPort(Path module) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties.getProperty("quarkus.http.port");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> servicesOf(Path composeFile) throws IOException {
        try (Reader in = Files.newBufferedReader(composeFile)) {
            Map<String, Object> compose = new Yaml().load(in);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    /** Tests run in the module's directory; the compose file sits at the repository root. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}
