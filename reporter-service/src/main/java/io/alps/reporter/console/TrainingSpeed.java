package io.alps.reporter.console;

import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.ExperimentList;
import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.RoundView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How fast this installation's trainers train each network, as they measured it: the training
 * images per second of the finished rounds' epochs (labeled images x epochs over the epochs'
 * seconds) of the most recent experiments. The form's time estimate divides by it; a network no
 * round has trained yet has no measurement, and the form says so rather than guess.
 *
 * <p>The form asks on every change of a field; the experiments are read again only once a round
 * has been trained since the last reading.
 */
@ApplicationScoped
public class TrainingSpeed {
    /** How many of the newest experiments are read: enough for each network in use, cheap to read. */
    static final int EXPERIMENTS_READ = 100;

    private final ExperimentList experiments;
    private final ExperimentBoard board;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    /** The speeds as read when the board had recorded {@code trainedRounds}. */
    private record Reading(long trainedRounds, Map<String, Double> rates) {
    }

    public TrainingSpeed(ExperimentList experiments, ExperimentBoard board) {
        this.experiments = experiments;
        this.board = board;
    }

    /** Measured training images per second by network name; a network without a finished round is absent. */
    public Map<String, Double> imagesPerSecond() {
        long trained = board.trainedRounds();
        Reading reading = last.get();
        if (reading == null || reading.trainedRounds() != trained) {
            reading = new Reading(trained, java.util.Collections.unmodifiableMap(read()));
            last.set(reading);
        }
        return reading.rates();
    }

    private Map<String, Double> read() {
        Map<String, double[]> sums = new TreeMap<>();
        ExperimentList.Page page = experiments.page(null, EXPERIMENTS_READ, new ExperimentList.Filter(null, null, null),
                spec -> Map.of("architecture", spec.architecture()));
        for (ExperimentView e : page.experiments()) {
            Object network = e.spec() == null ? null : e.spec().get("architecture");
            if (network == null) {
                continue;
            }
            for (RoundView r : e.rounds()) {
                if (r.labeled() == null || r.epochs() == null || r.epochs().isEmpty()) {
                    continue;
                }
                double seconds = r.epochs().stream().mapToDouble(RoundView.EpochView::seconds).sum();
                if (seconds > 0) {
                    double[] sum = sums.computeIfAbsent(network.toString(), n -> new double[2]);
                    sum[0] += (double) r.labeled() * r.epochs().size();
                    sum[1] += seconds;
                }
            }
        }
        Map<String, Double> rates = new TreeMap<>();
        sums.forEach((network, sum) -> rates.put(network, sum[0] / sum[1]));
        return rates;
    }
}
