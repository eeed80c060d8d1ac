package io.alps.reporter.samples;

import io.alps.api.spec.DatasetKind;
import io.alps.api.spec.ExperimentSpec;
import io.alps.service.data.DataConfig;
import io.alps.service.data.DataSets;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The original picture of a sample people are asked to label, read from its data set's file at
 * request time (image folders only: the benchmark sets have no file per sample). The selector
 * stores which file each queried sample is ({@link StorageKeys#sampleFile}); the data set's folder
 * is the one every service finds by the spec's {@code data} name ({@link DataSets#folder}).
 * Problems are told naming the sample and the data set, never a path on this server.
 */
@ApplicationScoped
public class SampleOriginals {
    private static final Logger LOG = Logger.getLogger(SampleOriginals.class);

    /** There is no original to send: never asked about, no file in its data set, or the file is gone ({@code gone}). */
    public static final class Missing extends RuntimeException {
        private final boolean gone;

        Missing(String problem, boolean gone) {
            super(problem, null, false, false);
            this.gone = gone;
        }

        /** The file was there when the sample was asked about, and is not now (deleted data set, removed file). */
        public boolean gone() {
            return gone;
        }
    }

    /** The file is there but cannot be shown: a damaged image ({@code lasting}), or its data set cannot be read now. */
    public static final class Unavailable extends RuntimeException {
        private final boolean lasting;

        Unavailable(String problem, boolean lasting) {
            super(problem, null, false, false);
            this.lasting = lasting;
        }

        /** Asking again will not help: the file itself is the problem. */
        public boolean lasting() {
            return lasting;
        }
    }

    private final ExperimentStore store;
    private final DataSets dataSets;
    private final DisplayImages images;

    public SampleOriginals(ExperimentStore store, DataSets dataSets, OriginalsConfig config, DataConfig data) {
        this.store = store;
        this.dataSets = dataSets;
        this.images = new DisplayImages(config.originalMaxSide(), data.imagePixelLimit());
    }

    /** Whether experiment {@code id}'s samples are image files, so its queries offer their originals. */
    public boolean offered(String id) {
        return offered(store.spec(StorageKeys.spec(id)));
    }

    private static boolean offered(ExperimentSpec spec) {
        return spec.data() != null && !DataSets.isPath(spec.data()) && isFolder(spec.dataset());
    }

    private static boolean isFolder(String dataset) {
        try {
            return DatasetKind.parse(dataset) == DatasetKind.FOLDER;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Sample {@code sampleId}'s original, at most the configured size; {@link Missing} or {@link Unavailable} when it cannot be sent. */
    public DisplayImages.Encoded original(String id, int sampleId) {
        ExperimentSpec spec = store.spec(StorageKeys.spec(id));
        String sample = "sample " + sampleId;
        if (!offered(spec)) {
            throw new Missing(sample + ": experiment " + id + "'s data set (" + spec.dataset() + ") has no image file per "
                    + "sample; its image is the network's input (" + sampleId + ".png)", false);
        }
        String name = store.objects().find(StorageKeys.sampleFile(id, sampleId))
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new Missing(sample + " was never asked about in experiment " + id, false));
        String data = spec.data();
        if (dataSets.find(data).isEmpty()) {
            throw new Missing(sample + ": data set '" + data + "' is no longer on this server (deleted), so its image "
                    + "cannot be shown", true);
        }
        Path folder = folder(data, sample);
        Path file = folder.resolve(name).normalize();
        if (Path.of(name).isAbsolute() || !file.startsWith(folder)) {
            LOG.warnf("experiment %s, %s: the stored file name '%s' leaves data set %s; refused", id, sample, name, data);
            throw new Missing(sample + ": its stored file name does not lie inside data set '" + data + "'", false);
        }
        if (!Files.isRegularFile(file)) {
            throw new Missing(sample + ": its image file is no longer in data set '" + data + "' (removed or renamed)", true);
        }
        try {
            return images.read(file);
        } catch (DisplayImages.Unreadable e) {
            LOG.warnf("experiment %s, %s: %s cannot be shown: %s", id, sample, file, e.getCause() != null
                    ? e.getCause().toString() : e.getMessage());
            throw new Unavailable(sample + ": its image file in data set '" + data + "' cannot be shown: " + e.getMessage(), true);
        }
    }

    private Path folder(String data, String sample) {
        try {
            return Optional.ofNullable(dataSets.folder(data)).orElseThrow().toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            LOG.warnf(e, "data set %s cannot be read for %s", data, sample);
            throw new Unavailable(sample + ": data set '" + data + "' cannot be read on this server now; try again later", false);
        }
    }
}
