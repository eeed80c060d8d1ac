package io.alps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.validation.SpecValidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well the trainers share work: N equal experiments (the same spec, seeds 1..N) submitted at
 * once; the makespan (first submit to last completion) against the ideal, the total training time
 * divided by the number of trainers, and how the rounds spread over the trainers.
 */
final class MakespanBenchmark {
    private MakespanBenchmark() {
    }

    static void run(LocalStack stack, String specJson, int experiments, int trainers) {
        ExperimentSpec base = SpecValidation.requireValid(ExperimentSpec.fromJson(specJson));
        System.out.printf("makespan benchmark: %d experiments on %d trainers, spec %s%n", experiments, trainers, specJson);
        ReporterClient client = stack.reporter();
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int seed = 1; seed <= experiments; seed++) {
            ids.add(client.submit(base.with(Map.of("seed", (long) seed)).toJson()));
        }
        double training = 0;
        Map<String, double[]> byTrainer = new TreeMap<>();
        for (String id : ids) {
            JsonNode view = client.await(id, Duration.ofHours(8), null);
            if (!"COMPLETED".equals(view.path("status").asText())) {
                throw new IllegalStateException(id + " ended " + view.path("status").asText() + ": " + view.path("failureReason"));
            }
            for (JsonNode r : view.path("rounds")) {
                double seconds = r.path("trainSeconds").asDouble();
                training += seconds;
                double[] t = byTrainer.computeIfAbsent(r.path("trainedBy").asText(), k -> new double[2]);
                t[0]++;
                t[1] += seconds;
            }
        }
        double makespan = (System.nanoTime() - t0) / 1e9;
        double ideal = training / trainers;
        System.out.printf("makespan %.1f s; training %.1f s in all, ideal %.1f s (training / %d trainers); "
                + "makespan / ideal = %.3f%n", makespan, training, ideal, trainers, makespan / ideal);
        byTrainer.forEach((trainer, t) -> System.out.printf("  %-22s %3.0f rounds, %7.1f s training%n", trainer, t[0], t[1]));
    }
}
