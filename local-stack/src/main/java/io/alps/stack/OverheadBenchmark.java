package io.alps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.api.report.DirectorySink;
import io.alps.api.validation.SpecValidation;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The cost of running an experiment as services: the wall time of one spec submitted to the
 * running stack (POST to COMPLETED) over the wall time of the same spec in this process (data
 * loading included in both), measured in the same run on the same machine, and whether the two
 * produced the same rounds.
 */
final class OverheadBenchmark {
    private OverheadBenchmark() {
    }

    static void run(LocalStack stack, String specJson, Path work) throws IOException {
        ExperimentSpec spec = SpecValidation.requireValid(ExperimentSpec.fromJson(specJson));
        System.out.println("overhead benchmark, spec: " + specJson);
        Backend.init();
        long t0 = System.nanoTime();
        DataSplit split = new DatasetLoader().load(DataRequest.of(spec, stack.config().dataFolder(spec.data())));
        double load = (System.nanoTime() - t0) / 1e9;
        System.out.println("1. the first experiment on fresh processes (every service loads the data, cold JVMs):");
        compare(stack, spec, split, load, work.resolve("overhead-in-process"));
        // Long-running services keep the data set and their warm code: what every later experiment costs.
        ExperimentSpec next = spec.with(java.util.Map.of("seed", spec.seed() + 1));
        System.out.println("2. the next experiment (seed " + next.seed() + "; the data set cached, JVMs warm):");
        compare(stack, next, split, 0, work.resolve("overhead-in-process-2"));
    }

    private static void compare(LocalStack stack, ExperimentSpec spec, DataSplit split, double loadSeconds, Path out)
            throws IOException {
        long t0 = System.nanoTime();
        List<RoundResult> local = new ExperimentRunner(spec, split, new DirectorySink(Files.createDirectories(out)), null).run();
        double inProcess = loadSeconds + (System.nanoTime() - t0) / 1e9;
        System.out.printf("   in one process: %.1f s%n", inProcess);

        ReporterClient client = stack.reporter();
        long t1 = System.nanoTime();
        String id = client.submit(spec.toJson());
        JsonNode view = client.await(id, Duration.ofHours(4), null);
        double services = (System.nanoTime() - t1) / 1e9;
        System.out.printf("   through the services (%s): %.1f s, %s%n", id, services, view.path("status").asText());

        double train = 0;
        double select = 0;
        boolean same = view.path("rounds").size() == local.size();
        for (RoundResult r : local) {
            JsonNode s = view.path("rounds").get(r.round());
            same &= s != null && s.path("testAccuracy").asDouble() == r.testAccuracy();
            if (s != null) {
                train += s.path("trainSeconds").asDouble();
                select += s.path("selectSeconds").asDouble();
            }
        }
        double localTrain = local.stream().mapToDouble(RoundResult::trainSeconds).sum();
        double localSelect = local.stream().mapToDouble(RoundResult::selectSeconds).sum();
        System.out.printf("   overhead ratio (services / one process): %.3f; same per-round accuracy: %s%n",
                services / inProcess, same);
        System.out.printf("     training:  %.1f s in services, %.1f s in one process%n", train, localTrain);
        System.out.printf("     selection: %.1f s in services, %.1f s in one process%n", select, localSelect);
        System.out.printf("     the rest (data loads, storage, Kafka hops, reports): %.1f s vs %.1f s%n",
                services - train - select, inProcess - localTrain - localSelect);
    }
}
