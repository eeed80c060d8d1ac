package io.alps.stack;

import io.alps.api.data.DatasetLayout;
import io.alps.api.spec.DatasetKind;
import io.alps.ml.data.DatasetLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data sets a local stack registers with its services: each {@code --data DIR} under its
 * folder's name, or without any, what it finds (./data/cifar-10, Debian's Fashion-MNIST). Specs
 * sent to the stack name them in {@code data}; the first is the demo's.
 */
public final class StackData {
    /** One registered data set: the name specs use, its kind (a spec's dataset) and its folder. */
    public record DataSet(String name, String dataset, Path dir) {
    }

    private StackData() {
    }

    /** The data sets for {@code given} folders (none: the ones found in the usual places); an error names the folder. */
    public static List<DataSet> register(List<Path> given) {
        Map<String, DataSet> sets = new LinkedHashMap<>();
        if (given.isEmpty()) {
            for (Path dir : List.of(DatasetLoader.DEFAULT_CIFAR_DIR, DatasetLoader.DEBIAN_FASHION_DIR)) {
                DatasetLayout.kindOf(dir).ifPresent(kind -> sets.putIfAbsent(name(dir), of(dir, kind)));
            }
            return List.copyOf(sets.values());
        }
        for (Path dir : given) {
            DatasetKind kind = DatasetLayout.kindOf(dir).orElseThrow(() -> new IllegalArgumentException("--data " + dir
                    + " holds neither " + DatasetLayout.LAYOUTS));
            DataSet set = of(dir, kind);
            if (sets.putIfAbsent(set.name(), set) != null) {
                throw new IllegalArgumentException("--data " + dir + ": a data set named '" + set.name()
                        + "' is registered already (" + sets.get(set.name()).dir() + "); the name is the folder's name");
            }
        }
        return List.copyOf(sets.values());
    }

    private static DataSet of(Path dir, DatasetKind kind) {
        return new DataSet(name(dir), kind.id(), dir.toAbsolutePath().normalize());
    }

    private static String name(Path dir) {
        return DatasetLayout.nameOf(dir);
    }

    /** The services' {@code alps.data.sets}: name=folder pairs, commas in folders escaped. */
    static String property(List<DataSet> sets) {
        List<String> pairs = new ArrayList<>();
        for (DataSet s : sets) {
            pairs.add(s.name() + "=" + s.dir().toString().replace(",", "\\,"));
        }
        return String.join(",", pairs);
    }

    /** Why there is no demo to run when no data set was found. */
    static String noDemoData() {
        return "no data for the demo: pass --data DIR with the CIFAR-10 binary files (data_batch_1.bin .. "
                + "data_batch_5.bin, test_batch.bin; put them in " + DatasetLoader.DEFAULT_CIFAR_DIR + " to have them "
                + "found), or install Fashion-MNIST with: apt-get install dataset-fashion-mnist (it goes to "
                + DatasetLoader.DEBIAN_FASHION_DIR + "); or run with --no-demo";
    }
}
