package io.alps.reporter.console;

import io.alps.api.spec.ExperimentSpec;
import java.util.Map;

/**
 * What a schedule will cost, shown before it is submitted: the labels it uses, its training
 * image-epochs (the quantity {@code alps.limits.image-epochs} bounds) and, from this installation's
 * measured speed for the network, about how long the training takes. Null counts when the form's
 * values are not whole numbers yet.
 */
public record RunCost(Long labels, Long imageEpochs, String time) {
    static final String NO_MEASUREMENT = "no measurement yet: no round of this network has finished on this installation";

    static RunCost of(Map<String, String> values, Map<String, Double> imagesPerSecond) {
        Long initial = whole(values.get("initial"));
        Long budget = whole(values.get("budget"));
        Long rounds = whole(values.get("rounds"));
        Long epochs = whole(values.get("epochs"));
        if (initial == null || budget == null || rounds == null || epochs == null || rounds > 100_000) {
            return new RunCost(null, null, "—");
        }
        long imageEpochs = ExperimentSpec.imageEpochs(initial, budget, rounds, epochs);
        Double rate = imagesPerSecond.get(values.getOrDefault("architecture", ""));
        String time = rate == null || rate <= 0 ? NO_MEASUREMENT : String.format("about %s of training at the %,.0f "
                + "images/s measured for this network", duration(imageEpochs / rate), rate);
        return new RunCost(ExperimentSpec.labelsUsed(initial, budget, rounds), imageEpochs, time);
    }

    private static Long whole(String value) {
        try {
            long v = Long.parseLong(value == null ? "" : value.strip());
            return v >= 0 && v < 1_000_000_000L ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    public String labelsText() {
        return labels == null ? "—" : String.format("%,d", labels);
    }

    public String imageEpochsText() {
        return imageEpochs == null ? "—" : String.format("%,d", imageEpochs);
    }
}
