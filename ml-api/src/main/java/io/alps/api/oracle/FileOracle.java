package io.alps.api.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.report.CsvTable;
import io.alps.api.spec.ExperimentSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Labels made in another tool, read from a file ({@code labels} in the spec, {@code --labels} on
 * the command line): a CSV with the columns {@code id,label} (id: the sample id or the image's
 * path as the manifest gives it; label: a class name; a {@code file} column, as {@code labels.csv}
 * has, names the image and is used instead of the id), or a Label Studio JSON export (the tasks'
 * image paths are matched to the images' paths or file names, the last annotation's choice is
 * the label). A sample the file does not name keeps the data set's label, if it has one; an
 * {@code unlabeled/} image the file labels joins the pool.
 */
public final class FileOracle implements Oracle {
    public static final String NAME = "file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> validate(ExperimentSpec spec) {
        return spec.labels() == null ? List.of("labels: oracle 'file' needs a label file (--labels FILE)") : List.of();
    }

    @Override
    public int[] labels(ExperimentSpec spec, int[] known, List<String> sampleNames, List<String> classNames) {
        Path file = Path.of(spec.labels());
        Samples samples = new Samples(file.getFileName().toString(), known.length, sampleNames, classNames);
        int[] labels = known.clone();
        Map<Integer, Integer> given = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                ? readLabelStudio(file, samples) : readCsv(file, samples);
        given.forEach((id, label) -> labels[id] = label);
        return labels;
    }

    /** Resolves a file's sample references and class names, with errors that name the file and place. */
    private static final class Samples {
        final String file;
        final int size;
        final Map<String, Integer> byName = new HashMap<>();
        final Map<String, List<Integer>> byBaseName = new HashMap<>();
        final List<String> classes;
        final Map<Integer, Integer> given = new HashMap<>();

        Samples(String file, int size, List<String> names, List<String> classes) {
            this.file = file;
            this.size = size;
            this.classes = classes;
            if (names != null) {
                for (int i = 0; i < names.size(); i++) {
                    byName.put(names.get(i), i);
                    byBaseName.computeIfAbsent(baseName(names.get(i)), k -> new ArrayList<>()).add(i);
                }
            }
        }

        int sample(String where, String ref) {
            Integer id = byName.get(ref);
            if (id == null && ref.matches("\\d{1,9}")) {
                id = Integer.parseInt(ref);
                if (id >= size) {
                    throw new IllegalArgumentException(file + " " + where + ": sample id " + ref + " is past the pool's "
                            + size + " samples");
                }
            }
            if (id == null) {
                throw new IllegalArgumentException(file + " " + where + ": no sample '" + ref + "' in the data set "
                        + "(expected a sample id or an image path as the manifest gives it)");
            }
            return id;
        }

        int label(String where, String className) {
            int label = classes.indexOf(className);
            if (label < 0) {
                throw new IllegalArgumentException(file + " " + where + ": unknown class '" + className + "' (classes: "
                        + String.join(", ", classes) + ")");
            }
            return label;
        }

        void put(String where, int id, int label) {
            Integer before = given.put(id, label);
            if (before != null && before != label) {
                throw new IllegalArgumentException(file + " " + where + ": sample " + id + " is labelled '"
                        + classes.get(before) + "' earlier in the file and '" + classes.get(label) + "' here");
            }
        }
    }

    private static Map<Integer, Integer> readCsv(Path file, Samples samples) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             var parser = format.parse(in)) {
            if (!parser.getHeaderNames().contains("id") || !parser.getHeaderNames().contains("label")) {
                throw new IllegalArgumentException(samples.file + ": expected the columns id,label, found "
                        + String.join(",", parser.getHeaderNames()));
            }
            for (CSVRecord r : parser) {
                String where = "line " + (r.getRecordNumber() + 1);
                if (!r.isConsistent()) {
                    throw new IllegalArgumentException(samples.file + " " + where + ": expected " + parser.getHeaderNames().size()
                            + " values, found " + r.size());
                }
                // labels.csv writes formula-like names with a leading ' (CsvTable); read them as they were.
                String image = r.isMapped("file") ? CsvTable.plain(r.get("file")) : "";
                samples.put(where, samples.sample(where, image.isEmpty() ? r.get("id") : image),
                        samples.label(where, CsvTable.plain(r.get("label"))));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the label file " + samples.file + ": " + e.getMessage(), e);
        }
        return samples.given;
    }

    private static Map<Integer, Integer> readLabelStudio(Path file, Samples samples) {
        JsonNode tasks;
        try {
            tasks = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the label file " + samples.file + " as JSON: " + e.getMessage(), e);
        }
        if (tasks == null || !tasks.isArray()) {
            throw new IllegalArgumentException(samples.file + ": expected a Label Studio JSON export (an array of tasks)");
        }
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            String where = "task " + (task.has("id") ? task.get("id").asText() : "#" + (i + 1));
            String choice = lastChoice(task);
            if (choice == null) {
                continue; // a task nobody labelled
            }
            String image = task.path("data").path("image").asText(null);
            if (image == null) {
                throw new IllegalArgumentException(samples.file + " " + where + ": no data.image to match to a sample");
            }
            samples.put(where, matchImage(samples, where, image), samples.label(where, choice));
        }
        return samples.given;
    }

    private static String lastChoice(JsonNode task) {
        String choice = null;
        for (JsonNode a : task.path("annotations")) {
            if (a.path("was_cancelled").asBoolean(false)) {
                continue;
            }
            for (JsonNode r : a.path("result")) {
                JsonNode choices = r.path("value").path("choices");
                if (choices.isArray() && !choices.isEmpty()) {
                    choice = choices.get(0).asText();
                }
            }
        }
        return choice;
    }

    /**
     * The image's path as given, a path ending in it (the longest such), or (Label Studio prefixes
     * uploads) a unique file name ending in it after a '-'. Each is a lookup, not a scan, so a large
     * export against a large data set stays linear.
     */
    private static int matchImage(Samples samples, String where, String image) {
        String path = image.replace('\\', '/');
        for (int from = 0; ; ) {
            Integer id = samples.byName.get(path.substring(from));
            if (id != null) {
                return id;
            }
            int slash = path.indexOf('/', from);
            if (slash < 0) {
                break;
            }
            from = slash + 1;
        }
        String base = baseName(path);
        List<Integer> candidates = new ArrayList<>(samples.byBaseName.getOrDefault(base, List.of()));
        for (int dash = base.indexOf('-'); dash >= 0; dash = base.indexOf('-', dash + 1)) {
            candidates.addAll(samples.byBaseName.getOrDefault(base.substring(dash + 1), List.of()));
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        throw new IllegalArgumentException(samples.file + " " + where + ": image '" + image + "' matches "
                + (candidates.isEmpty() ? "no sample" : candidates.size() + " samples") + " of the data set");
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
