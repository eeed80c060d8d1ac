package io.alps.api.kind.popup;

import io.alps.api.report.ArtifactSink;
import io.alps.api.report.Charts;
import io.alps.api.report.Json;
import io.alps.api.result.RoundResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code comparison.json} and {@code model_comparison.png} from the full-data comparison's result
 * (the subnet and the dense network trained on all data) beside the active-learning subnet.
 */
public final class PopupComparisonReport {
    public static final String JSON = "comparison.json";
    public static final String CHART = "model_comparison.png";
    public static final String FINAL_SUBNET = "final_subnet.zip";

    private PopupComparisonReport() {
    }

    public static void write(Map<String, Object> comparison, List<RoundResult> rounds, String dataset, ArtifactSink sink) {
        Map<String, Object> out = new LinkedHashMap<>(comparison);
        RoundResult last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
        if (last != null) {
            Map<String, Object> al = new LinkedHashMap<>();
            al.put("name", "edge-popup after active learning");
            al.put("file", FINAL_SUBNET);
            al.put("labeled", last.labeled());
            al.put("testAccuracy", last.testAccuracy());
            al.put("testLoss", last.testLoss());
            out.put("activeLearningSubnet", al);
        }
        sink.write(JSON, Json.toBytes(out));
        sink.write(CHART, chart((Map<?, ?>) out.get("subnet"), (Map<?, ?>) out.get("dense"), last, dataset));
    }

    private static byte[] chart(Map<?, ?> popup, Map<?, ?> dense, RoundResult al, String dataset) {
        double used = number(popup, "fractionOfWeightsUsed");
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        values.put((String) dense.get("name"), bars(number(dense, "testAccuracy"), number(dense, "fractionOfWeightsUsed")));
        values.put((String) popup.get("name"), bars(number(popup, "testAccuracy"), used));
        if (al != null) {
            values.put(String.format("AL subnet, %,d labels", al.labeled()), bars(al.testAccuracy(), used));
        }
        return Charts.bars("Edge-popup subnet vs dense LeNet-5 on " + dataset, "model", "fraction", values);
    }

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static Map<String, Double> bars(double accuracy, double used) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test accuracy", accuracy);
        m.put("fraction of weights used", used);
        return m;
    }
}
