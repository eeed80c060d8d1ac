package io.alps.service.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DatasetLayout;
import io.alps.infra.PngHeader;
import io.alps.infra.EmbeddedS3;
import io.alps.infra.TinyImageFolder;
import io.alps.service.storage.LocalStorage;
import io.alps.service.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploaded data sets against a real S3 server: services sharing one cache folder unpack one copy between them. */
class DatasetUploadsTest {
    private static EmbeddedS3 s3;
    private static ObjectStore store;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = EmbeddedS3.start(0, Files.createTempDirectory("uploads"));
        store = new ObjectStore(LocalStorage.config(s3.port(), Duration.ofSeconds(5)));
        store.ensureBucket();
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    @Test
    void threeServicesUnpackingTheSameUploadAtOnceAllGetOneWholeCopy() throws Exception {
        Path tree = TinyImageFolder.write(Files.createTempDirectory("tree").resolve("shapes"), 5, 2, 3);
        Path cache = Files.createTempDirectory("cache");
        new DatasetUploads(store, cache, UploadLimits.upTo(1 << 20)).store("shapes", new ByteArrayInputStream(TinyImageFolder.zip(tree)));

        CyclicBarrier together = new CyclicBarrier(3);
        List<CompletableFuture<Path>> services = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DatasetUploads service = new DatasetUploads(store, cache, UploadLimits.upTo(1 << 20));
            services.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return service.folder("shapes");
            }));
        }
        List<Path> folders = services.stream().map(CompletableFuture::join).toList();
        assertThat(folders).hasSize(3).allMatch(f -> f.equals(folders.get(0)));
        assertThat(DatasetLayout.describe("shapes", folders.get(0)).train()).isEqualTo(15);
        try (var left = Files.list(cache)) {
            assertThat(left.toList()).as("one unpacked copy, no half ones left").hasSize(1);
        }
    }

    private static byte[] shapes(int trainPerClass, long seed) throws Exception {
        return TinyImageFolder.zip(TinyImageFolder.write(Files.createTempDirectory("tree").resolve("shapes"),
                trainPerClass, 1, seed));
    }

    @Test
    void twoUploadsOfOneNameAtOnceKeepOneAndRefuseTheOtherWithAConflict() throws Exception {
        byte[] first = shapes(3, 1);
        byte[] second = shapes(4, 2);
        for (int round = 0; round < 6; round++) {
            String name = "race-" + round;
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Object>> uploads = new ArrayList<>();
            for (byte[] body : List.of(first, second)) {
                // Two reporters: each its own instance, one object store between them.
                DatasetUploads reporter = new DatasetUploads(store, Files.createTempDirectory("cache"), UploadLimits.upTo(1 << 20));
                uploads.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                        return reporter.store(name, new ByteArrayInputStream(body));
                    } catch (UploadRefused e) {
                        return e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            List<Object> outcomes = uploads.stream().map(CompletableFuture::join).toList();
            assertThat(outcomes).as("round " + round).filteredOn(DatasetInfo.class::isInstance).hasSize(1);
            UploadRefused refused = (UploadRefused) outcomes.stream().filter(UploadRefused.class::isInstance).findFirst()
                    .orElseThrow();
            assertThat(refused.reason()).isEqualTo(UploadRefused.Reason.CONFLICT);
            assertThat(refused.getMessage()).contains("'" + name + "'");
            DatasetInfo kept = (DatasetInfo) outcomes.stream().filter(DatasetInfo.class::isInstance).findFirst().orElseThrow();
            byte[] stored = store.get(io.alps.service.storage.StorageKeys.datasetArchive(name));
            assertThat(stored).as("the archive kept is the winner's").isEqualTo(kept.train() == 9 ? first : second);
            assertThat(store.list(NameClaims.claims(name))).as("no claim left").isEmpty();
        }
    }

    @Test
    void aClaimLeftByAReporterThatDiedExpiresAndFreesTheName() {
        long[] now = {1_000_000};
        NameClaims claims = new NameClaims(store, Duration.ofMinutes(5), () -> now[0]);
        claims.claim("orphan", () -> false); // never released: its reporter died
        assertThatThrownBy(() -> claims.claim("orphan", () -> false)).isInstanceOf(UploadRefused.class)
                .hasMessage("name: another upload of a data set named 'orphan' is under way");
        now[0] += Duration.ofMinutes(5).toMillis() + 1;
        NameClaims.Claim taken = claims.claim("orphan", () -> false);
        assertThat(store.list(NameClaims.claims("orphan"))).as("the dead claim removed").hasSize(1);
        taken.release();
        assertThat(store.list(NameClaims.claims("orphan"))).isEmpty();
    }

    @Test
    void aDeletionWaitsForNoUploadOfTheSameName() throws Exception {
        DatasetUploads uploads = new DatasetUploads(store, Files.createTempDirectory("cache"), UploadLimits.upTo(1 << 20));
        uploads.store("busy", new ByteArrayInputStream(shapes(2, 3)));
        NameClaims.Claim uploading = new NameClaims(store, Duration.ofMinutes(5), System::currentTimeMillis)
                .claim("busy", () -> false);
        assertThatThrownBy(() -> uploads.delete("busy")).isInstanceOf(UploadRefused.class)
                .hasMessage("name: another upload of a data set named 'busy' is under way");
        assertThat(uploads.info("busy")).as("kept").isPresent();
        uploading.release();
        assertThat(uploads.delete("busy")).isTrue();
        assertThat(store.list("datasets/busy/")).isEmpty();
    }

    @Test
    void aRefusedUploadKeepsNothingAndLeavesNoWorkFolder() throws Exception {
        Path cache = Files.createTempDirectory("cache");
        DatasetUploads uploads = new DatasetUploads(store, cache, UploadLimits.upTo(1 << 20));
        Path tree = TinyImageFolder.write(Files.createTempDirectory("tree").resolve("shapes"), 2, 1, 5);
        Files.write(tree.resolve("train/circle/huge.png"), PngHeader.claiming(40_000, 40_000));
        assertThatThrownBy(() -> uploads.store("huge", new ByteArrayInputStream(TinyImageFolder.zip(tree))))
                .isInstanceOf(UploadRefused.class)
                .hasMessage("shapes/train/circle/huge.png: 40000 x 40000 pixels (1,600,000,000) is more than the limit "
                        + "of 40,000,000 pixels per image (alps.data.image-pixel-limit)")
                .extracting(e -> ((UploadRefused) e).reason()).isEqualTo(UploadRefused.Reason.TOO_LARGE);
        assertThat(store.list("datasets/huge/")).isEmpty();
        try (var left = Files.list(cache)) {
            assertThat(left.toList()).as("the partial unpack removed").isEmpty();
        }
    }

    @Test
    void aDeletedOrReplacedDataSetsUnpackedCopiesAreRemovedAndNeverServed() throws Exception {
        Path serviceCache = Files.createTempDirectory("service-cache");
        DatasetUploads reporter = new DatasetUploads(store, Files.createTempDirectory("reporter-cache"), UploadLimits.upTo(1 << 20));
        DatasetUploads service = new DatasetUploads(store, serviceCache, UploadLimits.upTo(1 << 20));
        reporter.store("replaced", new ByteArrayInputStream(shapes(2, 1)));
        reporter.store("deleted", new ByteArrayInputStream(shapes(2, 1)));
        Path old = service.folder("replaced");
        Path gone = service.folder("deleted");
        assertThat(DatasetLayout.describe("replaced", old).train()).isEqualTo(6);

        assertThat(reporter.delete("replaced")).isTrue();
        assertThat(reporter.delete("deleted")).isTrue();
        assertThat(reporter.delete("deleted")).as("already gone").isFalse();
        assertThat(store.list("datasets/deleted/")).isEmpty();
        reporter.store("replaced", new ByteArrayInputStream(shapes(5, 2)));

        Path fresh = service.folder("replaced");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(DatasetLayout.describe("replaced", fresh).train()).as("the new upload, not the old copy").isEqualTo(15);
        assertThat(old).as("the replaced copy removed on the next read of its name").doesNotExist();
        assertThat(gone).as("another name's copy is left until the service starts again").exists();

        service.pruneCache(null, null);
        assertThat(gone).as("removed at start: its data set was deleted").doesNotExist();
        assertThat(fresh).exists();
        try (var left = Files.list(serviceCache)) {
            assertThat(left.toList()).hasSize(1);
        }
    }
}
