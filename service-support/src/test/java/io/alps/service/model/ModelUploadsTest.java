package io.alps.service.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.alps.infra.EmbeddedS3;
import io.alps.service.data.UploadRefused;
import io.alps.service.storage.LocalStorage;
import io.alps.service.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploaded networks against a real S3 server: services download one whole copy per content, a replaced model's copy goes. */
class ModelUploadsTest {
    private static final byte[] ZIP_HEAD = {'P', 'K', 3, 4};
    private static EmbeddedS3 s3;
    private static ObjectStore store;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = EmbeddedS3.start(0, Files.createTempDirectory("models"));
        store = new ObjectStore(LocalStorage.config(s3.port(), Duration.ofSeconds(5)));
        store.ensureBucket();
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    @Test
    void servicesSharingACacheFolderGetOneWholeCopyAndAReplacedModelsCopyGoes() throws Exception {
        Path cache = Files.createTempDirectory("cache");
        byte[] first = zip(1000, (byte) 1);
        new ModelUploads(store, cache).store("net", new ByteArrayInputStream(first), 1 << 20);

        CyclicBarrier together = new CyclicBarrier(3);
        List<CompletableFuture<Path>> services = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ModelUploads service = new ModelUploads(store, cache);
            services.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return service.localFile("net");
            }));
        }
        Path copy = services.get(0).join();
        assertThat(services).allSatisfy(s -> assertThat(s.join()).isEqualTo(copy));
        assertThat(Files.readAllBytes(copy)).isEqualTo(first);
        assertThat(copy.getFileName().toString()).endsWith(".zip");
        assertThat(files(cache)).containsExactly(copy.getFileName().toString());

        ModelUploads uploads = new ModelUploads(store, cache);
        assertThat(uploads.delete("net")).isTrue();
        assertThatThrownBy(() -> uploads.localFile("net")).hasMessageContaining("no model named 'net'");
        byte[] second = zip(1000, (byte) 2);
        uploads.store("net", new ByteArrayInputStream(second), 1 << 20);
        Path fresh = uploads.localFile("net");
        assertThat(fresh).isNotEqualTo(copy);
        assertThat(Files.readAllBytes(fresh)).isEqualTo(second);
        assertThat(files(cache)).containsExactly(fresh.getFileName().toString());
    }

    @Test
    void ofTwoUploadsOfOneNameAtOnceOneIsKeptAndTheOtherRefused() throws Exception {
        Path cache = Files.createTempDirectory("cache");
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<String>> both = new ArrayList<>();
        for (byte fill = 1; fill <= 2; fill++) {
            byte[] bytes = zip(2000, fill);
            ModelUploads reporter = new ModelUploads(store, cache);
            both.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                    return reporter.store("twice", new ByteArrayInputStream(bytes), 1 << 20).contentId();
                } catch (UploadRefused e) {
                    return "refused: " + e.getMessage();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> outcomes = both.stream().map(CompletableFuture::join).toList();
        assertThat(outcomes).filteredOn(o -> o.startsWith("refused: ")).singleElement().asString()
                .contains("model named 'twice'");
        String kept = outcomes.stream().filter(o -> !o.startsWith("refused: ")).findFirst().orElseThrow();
        assertThat(new ModelUploads(store, cache).info("twice")).get().extracting(ModelInfo::contentId).isEqualTo(kept);
        assertThat(store.list(io.alps.service.storage.StorageKeys.models() + "twice/"))
                .containsExactlyInAnyOrder(io.alps.service.storage.StorageKeys.modelInfo("twice"),
                        io.alps.service.storage.StorageKeys.modelFile("twice", kept));
    }

    @Test
    void anOnnxModelLargerThanProtobufsDefaultLimitIsToldFromItsFieldsAndSomethingElseIsRefusedSayingWhy() throws Exception {
        Path dir = Files.createTempDirectory("kinds");
        // A 70 MB graph field: the check walks over it without parsing it.
        Path large = dir.resolve("large.onnx");
        try (OutputStream file = Files.newOutputStream(large)) {
            CodedOutputStream out = CodedOutputStream.newInstance(file);
            out.writeInt64(1, 8);
            out.writeByteArray(7, new byte[70 << 20]);
            out.writeByteArray(8, new byte[] {0x10, 0x0d});
            out.flush();
        }
        assertThat(NetworkFileKind.of(large)).isEqualTo(NetworkFileKind.ONNX);
        assertThat(NetworkFileKind.of(Files.write(dir.resolve("a.zip"), zip(10, (byte) 0)))).isEqualTo(NetworkFileKind.ZIP);

        ByteArrayOutputStream truncated = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(truncated);
        out.writeInt64(1, 8);
        out.writeTag(7, 2);
        out.writeUInt32NoTag(1000);
        out.flush();
        assertThatThrownBy(() -> NetworkFileKind.of(Files.write(dir.resolve("cut.onnx"), truncated.toByteArray())))
                .isInstanceOf(UploadRefused.class).hasMessageContaining("it ends in the middle of a field");
        assertThatThrownBy(() -> NetworkFileKind.of(Files.write(dir.resolve("x.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'})))
                .isInstanceOf(UploadRefused.class).hasMessageContaining("a field no ONNX model has")
                .hasMessageNotContaining(dir.toString());
    }

    private static byte[] zip(int size, byte fill) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, fill);
        System.arraycopy(ZIP_HEAD, 0, bytes, 0, ZIP_HEAD.length);
        return bytes;
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).toList();
        }
    }
}
