package io.alps.api.sweep;

import io.alps.api.report.ActiveLearningReport;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** One member's learning curve, read back from the {@code active_learning_log.csv} it wrote. */
public record MemberResult(SweepSpec.Member member, double[] labeled, double[] accuracy) {

    public double auc() {
        return Statistics.normalisedAuc(labeled, accuracy);
    }

    public double finalAccuracy() {
        return accuracy[accuracy.length - 1];
    }

    private static String specHash(Path dir) {
        try {
            return io.alps.api.report.Json.mapper().readTree(dir.resolve(ActiveLearningReport.HISTORY).toFile())
                    .path("specHash").asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** The curve in {@code dir}, or null when the run there is missing or did not finish. */
    public static MemberResult read(SweepSpec.Member member, Path dir) {
        Path log = dir.resolve(ActiveLearningReport.LOG);
        if (!Files.isRegularFile(log) || !member.spec().hash().equals(specHash(dir))) {
            return null;
        }
        try (Reader in = Files.newBufferedReader(log)) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(in).getRecords();
            if (rows.size() != member.spec().rounds() + 1) {
                return null;
            }
            double[] labeled = new double[rows.size()];
            double[] accuracy = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                labeled[i] = Double.parseDouble(rows.get(i).get("labeled"));
                accuracy[i] = Double.parseDouble(rows.get(i).get("test_accuracy"));
            }
            return new MemberResult(member, labeled, accuracy);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
