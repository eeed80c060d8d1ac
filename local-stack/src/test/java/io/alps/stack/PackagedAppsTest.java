package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged service apps (built before this module in the reactor): the reporter carries no ML
 * engine, so it stays small and starts without ND4J; the ML services do carry it.
 */
class PackagedAppsTest {
    private static final Path ROOT = Path.of(System.getProperty("alps.root", "..")).toAbsolutePath();
    private static final List<String> ENGINE = List.of("nd4j", "deeplearning4j", "javacpp", "openblas", "bytedeco");

    private static List<String> jars(String module) throws IOException {
        Path lib = ROOT.resolve(module).resolve("target/quarkus-app/lib");
        assertThat(lib).as("packaged app of " + module).isDirectory();
        try (Stream<Path> files = Files.walk(lib)) {
            return files.filter(f -> f.toString().endsWith(".jar")).map(f -> f.getFileName().toString()).toList();
        }
    }

    private static long megabytes(String module) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("target/quarkus-app"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / (1024 * 1024);
        }
    }

    @Test
    void theReporterAppContainsNoMlEngineAndIsWellUnderAHundredMegabytes() throws IOException {
        List<String> jars = jars("reporter-service");
        assertThat(jars).as("reporter jars").isNotEmpty()
                .noneMatch(j -> ENGINE.stream().anyMatch(j.toLowerCase()::contains));
        assertThat(jars).anyMatch(j -> j.contains("ml-api")).noneMatch(j -> j.contains("ml-core"));
        assertThat(megabytes("reporter-service")).as("reporter app size in MB").isLessThan(100);
    }

    @Test
    void theMlServicesCarryTheEngine() throws IOException {
        for (String module : List.of("trainer-service", "selector-service", "pruner-service")) {
            assertThat(jars(module)).as(module).anyMatch(j -> j.contains("ml-core")).anyMatch(j -> j.contains("nd4j"));
        }
    }
}
