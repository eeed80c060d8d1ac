package io.alps.api.report;

import java.util.List;
import java.util.Map;

/**
 * The two files that tie sample ids to images and labels: {@code manifest.csv} (which file each id
 * of the pool and of the test set is; only for data sets whose images are files) and
 * {@code labels.csv} (every label the experiment has used, with the round it was first used in;
 * the format {@code --oracle file --labels} reads back).
 */
public final class LabelFiles {
    public static final String MANIFEST = "manifest.csv";
    public static final String LABELS = "labels.csv";

    private LabelFiles() {
    }

    /** {@code pool}, {@code test}: the file of each sample, by id. */
    public static byte[] manifest(List<String> pool, List<String> test) {
        CsvTable t = new CsvTable(List.of("part", "id", "file"));
        for (int id = 0; id < pool.size(); id++) {
            t.add(List.of("pool", id, pool.get(id)));
        }
        for (int id = 0; id < test.size(); id++) {
            t.add(List.of("test", id, test.get(id)));
        }
        return t.toBytes();
    }

    /**
     * @param firstRound sample id -> the round its label was first trained on
     * @param names the file of each sample, or null when the samples have no files
     */
    public static byte[] labels(Map<Integer, Integer> firstRound, int[] labels, List<String> classNames,
                                List<String> names) {
        CsvTable t = new CsvTable(List.of("id", "label", "file", "round"));
        firstRound.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> t.add(List.of(e.getKey(),
                classNames.get(labels[e.getKey()]), names == null ? "" : names.get(e.getKey()), e.getValue())));
        return t.toBytes();
    }
}
