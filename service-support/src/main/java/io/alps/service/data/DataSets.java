package io.alps.service.data;

import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DatasetLayout;
import io.alps.api.spec.DatasetKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The registered data sets ({@link DataConfig}): what a spec's {@code data} name means on this
 * server. The reporter checks names and lists the sets; the ML services find their folders.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class DataSets {
    private static final Logger LOG = Logger.getLogger(DataSets.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * One data set: its name, folder (null for an uploaded one: {@link #folder(String)} unpacks it where it
     * is read) and kind (null when a registered folder held no data set at the start).
     */
    public record DataSet(String name, Path folder, DatasetKind kind) {
        public boolean usable() {
            return kind != null;
        }
    }

    private final Map<String, DataSet> byName;
    /** Data sets sent to {@code POST /datasets}, kept in object storage; null where none are served. */
    private final DatasetUploads uploads;

    @jakarta.inject.Inject
    public DataSets(DataConfig config, io.alps.service.storage.ObjectStore store) {
        this(config.root().map(Path::of), config.sets().orElse(List.of()), new DatasetUploads(store,
                cacheFolder(config), UploadLimits.of(config)));
    }

    /** Where this service keeps what it makes of data sets: unpacked uploads and image stores. */
    public static Path cacheFolder(DataConfig config) {
        return Path.of(config.cache().orElse(System.getProperty("java.io.tmpdir") + "/alps-datasets"));
    }

    DataSets(Optional<Path> root, List<String> pairs) {
        this(root, pairs, null);
    }

    DataSets(Optional<Path> root, List<String> pairs, DatasetUploads uploads) {
        this.uploads = uploads;
        Map<String, DataSet> sets = new LinkedHashMap<>();
        root.ifPresent(dir -> scan(dir, sets));
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("alps.data.sets: '" + pair + "' is not name=folder");
            }
            String name = checkName(pair.substring(0, eq).strip());
            Path folder = Path.of(pair.substring(eq + 1).strip());
            DatasetKind kind = DatasetLayout.kindOf(folder).orElse(null);
            if (kind == null) {
                // Kept under its name, so a spec naming it is told what is wrong; the other sets still serve.
                LOG.errorf("alps.data.sets: data set '%s': %s holds neither %s", name, folder, DatasetLayout.LAYOUTS);
            }
            put(sets, new DataSet(name, folder, kind));
        }
        this.byName = Map.copyOf(sets);
        LOG.infof("data sets: %s", sets.isEmpty() ? "none registered" : String.join(", ", sets.keySet()));
    }

    private static void scan(Path root, Map<String, DataSet> sets) {
        if (!Files.isDirectory(root)) {
            LOG.warnf("alps.data.root %s is not a folder; no data sets registered from it", root);
            return;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                String name = DatasetLayout.nameOf(dir);
                Optional<DatasetKind> kind = DatasetLayout.kindOf(dir);
                if (kind.isPresent() && isName(name)) {
                    put(sets, new DataSet(name, dir, kind.get()));
                } else {
                    LOG.infof("alps.data.root: %s is not a data set folder, skipped", name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list alps.data.root " + root, e);
        }
    }

    private static void put(Map<String, DataSet> sets, DataSet set) {
        if (sets.putIfAbsent(set.name(), set) != null) {
            throw new IllegalArgumentException("data set '" + set.name() + "' is registered twice");
        }
    }

    private static String checkName(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("alps.data.sets: " + notAName(name));
        }
        return name;
    }

    /** Whether {@code name} can name a data set. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Why {@code name} cannot name a data set. */
    public static String notAName(String name) {
        return "'" + name + "' is not a data set name (letters, digits, '.', '_', '-'; up to 64)";
    }

    /** A registered data set, or an uploaded one (whose folder is only made where it is read: {@link #folder}). */
    public Optional<DataSet> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        DataSet local = byName.get(name);
        if (local != null || uploads == null || !isName(name)) {
            return Optional.ofNullable(local);
        }
        return uploads.info(name).map(info -> new DataSet(name, null, DatasetKind.parse(info.kind())));
    }

    /** The registered data sets' names, sorted (uploaded ones: {@link #uploads}). */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** The uploaded data sets, where this service keeps them. */
    public Optional<DatasetUploads> uploads() {
        return Optional.ofNullable(uploads);
    }

    /** Each usable data set with its shape, classes and sizes; one whose files went bad is left out, logged. */
    public List<DatasetInfo> describe() {
        List<DatasetInfo> infos = new ArrayList<>();
        for (String name : names()) {
            if (!byName.get(name).usable()) {
                continue;
            }
            try {
                infos.add(DatasetLayout.describe(name, byName.get(name).folder()));
            } catch (RuntimeException e) {
                LOG.warnf("data set %s cannot be described: %s", name, e.getMessage());
            }
        }
        uploads().ifPresent(u -> infos.addAll(u.list()));
        return infos;
    }

    /** Whether a spec's {@code data} is a path rather than a name (the API refuses those). */
    public static boolean isPath(String data) {
        return data.contains("/") || data.contains("\\");
    }

    /**
     * The folder a spec's {@code data} stands for in an ML service: null for the data set's default
     * place, a registered set's folder, or the value itself when it is a path (only internal callers
     * send paths: the API refuses them).
     */
    public Path folder(String data) {
        if (data == null) {
            return null;
        }
        if (isPath(data)) {
            return Path.of(data);
        }
        return find(data).map(set -> set.folder() != null ? set.folder() : uploads.folder(set.name()))
                .orElseThrow(() -> new IllegalArgumentException("no data set named '"
                + data + "' is registered here (alps.data.sets, alps.data.root); registered: "
                + (byName.isEmpty() ? "none" : String.join(", ", names()))));
    }
}
