package io.alps.service.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.data.DatasetLayout;
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
}
