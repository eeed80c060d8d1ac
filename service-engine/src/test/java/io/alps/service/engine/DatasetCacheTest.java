package io.alps.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.spec.ExperimentSpec;
import io.alps.infra.EmbeddedS3;
import io.alps.infra.TinyImageFolder;
import io.alps.service.data.DataConfig;
import io.alps.service.data.DataSets;
import io.alps.service.data.DatasetUploads;
import io.alps.service.data.UploadLimits;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A service's cache of uploaded data sets against a real S3 server: a deleted or replaced data set is never served. */
class DatasetCacheTest {
    private static EmbeddedS3 s3;
    private static ObjectStore store;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = EmbeddedS3.start(0, Files.createTempDirectory("cache-s3"));
        store = new ObjectStore(new StorageConfig() {
            public String endpoint() {
                return "http://127.0.0.1:" + s3.port();
            }

            public String accessKey() {
                return EmbeddedS3.ACCESS_KEY;
            }

            public String secretKey() {
                return EmbeddedS3.SECRET_KEY;
            }

            public String bucket() {
                return "alps";
            }

            public Duration retryFor() {
                return Duration.ofSeconds(5);
            }
        });
        store.ensureBucket();
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    /** The service's settings: only its own cache folder; every limit at its default. */
    private static DataConfig config(Path cache) {
        return new DataConfig() {
            public Optional<String> root() {
                return Optional.empty();
            }

            public Optional<List<String>> sets() {
                return Optional.empty();
            }

            public long uploadLimitBytes() {
                return 1 << 20;
            }

            public long unpackedLimitBytes() {
                return 1 << 20;
            }

            public int archiveEntryLimit() {
                return 1000;
            }

            public long imagePixelLimit() {
                return 40_000_000L;
            }

            public Duration uploadClaimExpiry() {
                return Duration.ofMinutes(5);
            }

            public Optional<String> cache() {
                return Optional.of(cache.toString());
            }
        };
    }

    private static ByteArrayInputStream shapes(int perClass, long seed) throws Exception {
        return new ByteArrayInputStream(TinyImageFolder.zip(TinyImageFolder.write(
                Files.createTempDirectory("tree").resolve("shapes"), perClass, 1, seed)));
    }

    /** The unpacked copies in the service's cache folder (the image stores' folder aside). */
    private static List<Path> cached(Path cache) throws Exception {
        try (Stream<Path> all = Files.list(cache)) {
            return all.filter(p -> !p.getFileName().toString().equals(DatasetCache.STORES)).toList();
        }
    }

    private static List<Path> stores(Path cache) throws Exception {
        try (Stream<Path> all = Files.list(cache.resolve(DatasetCache.STORES))) {
            return all.sorted().toList();
        }
    }

    @Test
    void aReplacedDataSetIsLoadedAfreshAndADeletedOnesCopyIsRemovedAtStart() throws Exception {
        Path serviceCache = Files.createTempDirectory("service-cache");
        DatasetUploads reporter = new DatasetUploads(store, Files.createTempDirectory("reporter-cache"),
                UploadLimits.upTo(1 << 20));
        DataSets sets = new DataSets(config(serviceCache), store);
        DatasetCache cache = new DatasetCache(sets, config(serviceCache));
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"dataset\":\"folder\",\"data\":\"shapes\"}");
        try {
            reporter.store("shapes", shapes(2, 1));
            assertThat(cache.load(spec).train().size()).isEqualTo(6);
            List<Path> first = cached(serviceCache);
            assertThat(first).hasSize(1);
            List<Path> firstStores = stores(serviceCache);
            assertThat(firstStores).as("a training and a test store, named after the unpacked copy").hasSize(2)
                    .allMatch(p -> p.getFileName().toString().startsWith(first.get(0).getFileName() + "-32px-"));

            // Another service (or this one restarted) finds the stores rather than decoding the images again.
            java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(firstStores.get(0));
            DatasetCache other = new DatasetCache(new DataSets(config(serviceCache), store), config(serviceCache));
            try {
                assertThat(other.load(spec).train().labels()).containsExactly(cache.load(spec).train().labels());
            } finally {
                other.stop();
            }
            assertThat(stores(serviceCache)).isEqualTo(firstStores);
            assertThat(Files.getLastModifiedTime(firstStores.get(0))).isEqualTo(built);

            // Replaced under the same name: the service's next load reads the new upload, never its old copy.
            reporter.delete("shapes");
            reporter.store("shapes", shapes(4, 2));
            assertThat(cache.load(spec).train().size()).isEqualTo(12);
            assertThat(cached(serviceCache)).hasSize(1).doesNotContainAnyElementsOf(first);
            assertThat(stores(serviceCache)).hasSize(4);

            // Deleted while the service was down: its next start removes the copy.
            reporter.delete("shapes");
            DatasetCache restarted = new DatasetCache(new DataSets(config(serviceCache), store), config(serviceCache));
            try {
                restarted.pruneUnpacked();
                assertThat(cached(serviceCache)).isEmpty();
                assertThat(stores(serviceCache)).as("the stores of deleted and replaced uploads go with them").isEmpty();
            } finally {
                restarted.stop();
            }
        } finally {
            cache.stop();
        }
    }
}
