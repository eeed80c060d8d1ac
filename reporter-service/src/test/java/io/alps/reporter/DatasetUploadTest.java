package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.alps.infra.LocalInfraResource;
import io.alps.infra.PngHeader;
import io.alps.infra.TinyImageFolder;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** {@code POST /datasets}: an archive of a data set folder is kept and can be named in specs; bad uploads are refused. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class DatasetUploadTest {
    private static final String TOKEN = "test-write-token";

    @Inject
    ExperimentStore store;

    private static io.restassured.response.Response upload(String name, byte[] body) {
        return given().auth().oauth2(TOKEN).contentType("application/zip").body(body)
                .post("/datasets" + (name == null ? "" : "?name=" + name));
    }

    @Test
    void anUploadedFolderIsDescribedListedAndNamedInASpec() throws Exception {
        Path tree = TinyImageFolder.write(Files.createTempDirectory("upload").resolve("shapes"), 6, 3, 1);
        byte[] zip = TinyImageFolder.zip(tree);
        upload("shapes-1", zip).then().statusCode(201).body("kind", equalTo("folder")).body("train", equalTo(18))
                .body("test", equalTo(9)).body("classNames", org.hamcrest.Matchers.contains("circle", "square", "star"));
        assertThat(store.objects().get(StorageKeys.datasetArchive("shapes-1"))).isEqualTo(zip);
        given().auth().oauth2(TOKEN).get("/datasets").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem("shapes-1"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"kind\":\"dense\",\"dataset\":\"folder\",\"data\":\"shapes-1\",\"initial\":6,\"budget\":3,\"rounds\":1}")
                .post("/experiments").then().statusCode(202);
        upload("shapes-1", zip).then().statusCode(409).body("errors[0]", containsString("exists already"));
    }

    @Test
    void badUploadsAreRefusedSayingWhyAndKeepNothing() throws Exception {
        upload(null, new byte[] {1}).then().statusCode(400).body("errors[0]", containsString("name:"));
        upload("not-an-archive", "hello".getBytes()).then().statusCode(400)
                .body("errors[0]", containsString("not a zip, tar or tar.gz"));
        upload("nothing-in-it", zipOf("readme.txt", new byte[10])).then().statusCode(400)
                .body("errors[0]", containsString("holds no data set"));
        upload("escapes", zipOf("../../etc/evil.png", new byte[10])).then().statusCode(400)
                .body("errors[0]", containsString("would land outside"));
        // The test profile's limit is 300,000 bytes.
        upload("too-large", new byte[400_000]).then().statusCode(413).body("errors[0]", containsString("limit"));
        given().contentType("application/zip").body(new byte[] {1}).post("/datasets?name=anonymous").then().statusCode(401);
        given().auth().oauth2("test-read-token").contentType("application/zip").body(new byte[] {1})
                .post("/datasets?name=read-only").then().statusCode(403);
        assertThat(store.objects().list(StorageKeys.datasets())).noneMatch(k -> k.contains("too-large")
                || k.contains("escapes") || k.contains("nothing-in-it") || k.contains("not-an-archive"));
    }

    @Test
    void anImageWhoseHeaderClaimsFortyThousandSquaredPixelsIsRefusedAtUploadNamingItAndTheLimit() throws Exception {
        Path tree = TinyImageFolder.write(Files.createTempDirectory("upload").resolve("shapes"), 2, 1, 3);
        Files.write(tree.resolve("train/star/huge.png"), PngHeader.claiming(40_000, 40_000));
        byte[] zip = TinyImageFolder.zip(tree);
        long t0 = System.nanoTime();
        var response = upload("huge-image", zip);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("upload of a zip (%d bytes) holding a 40,000 x 40,000 PNG header: HTTP %d in %.0f ms%n",
                zip.length, response.statusCode(), ms);
        response.then().statusCode(413).body("errors[0]", equalTo("shapes/train/star/huge.png: 40000 x 40000 pixels "
                + "(1,600,000,000) is more than the limit of 40,000,000 pixels per image (alps.data.image-pixel-limit)"));
        assertThat(store.objects().list(StorageKeys.datasets())).noneMatch(k -> k.contains("huge-image"));
    }

    @Test
    void archiveLimitsAreTheUploadLimitAndTheEntryLimitAndTheRefusalNamesTheEntry() throws Exception {
        // 400 KB of zeros packs into a few KB: the unpacked limit is the upload limit (300,000 in the test profile).
        upload("bomb", zipOf("train/a/zeros.png", new byte[400_000])).then().statusCode(413)
                .body("errors[0]", equalTo("the archive unpacks to more than 300,000 bytes (the limit, "
                        + "alps.data.unpacked-limit-bytes); reached in entry 'train/a/zeros.png'"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 101; i++) {
                zip.putNextEntry(new ZipEntry("train/a/" + i + ".png"));
                zip.closeEntry();
            }
        }
        upload("many", bytes.toByteArray()).then().statusCode(413).body("errors[0]", equalTo("the archive holds more "
                + "than 100 entries (the limit, alps.data.archive-entry-limit); 'train/a/100.png' is entry 101"));
    }

    @Test
    void classNamesKeepSpacesAccentsAndMarkupCharactersButNotControlCharacters() throws Exception {
        Path tree = TinyImageFolder.write(Files.createTempDirectory("upload").resolve("names"), 2, 1, 4);
        for (String part : new String[] {"train", "test"}) {
            Files.move(tree.resolve(part).resolve("star"), tree.resolve(part).resolve("Étoile <filante> & co"));
        }
        upload("named-classes", TinyImageFolder.zip(tree)).then().statusCode(201)
                .body("classNames", org.hamcrest.Matchers.contains("circle", "square", "Étoile <filante> & co"));
        Files.move(tree.resolve("train/circle"), tree.resolve("train/cir\tcle"));
        Files.move(tree.resolve("test/circle"), tree.resolve("test/cir\tcle"));
        upload("control-class", TinyImageFolder.zip(tree)).then().statusCode(400).body("errors[0]",
                equalTo("the archive's data set is not usable: train/cir\\u0009cle: a class name may not hold control "
                        + "characters (U+0009)"));
    }

    @Test
    void twoUploadsOfOneNameAtOnceGiveOneCreatedAndOneConflict() throws Exception {
        byte[] zip = TinyImageFolder.zip(TinyImageFolder.write(Files.createTempDirectory("upload").resolve("twice"), 3, 1, 5));
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.CompletableFuture<Integer>> both = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return upload("twice", zip).statusCode();
            }));
        }
        assertThat(both.stream().map(java.util.concurrent.CompletableFuture::join)).containsExactlyInAnyOrder(201, 409);
    }

    @Test
    void aDataSetIsDeletedOnlyOnceNoUnfinishedExperimentUsesIt() throws Exception {
        byte[] zip = TinyImageFolder.zip(TinyImageFolder.write(Files.createTempDirectory("upload").resolve("doomed"), 3, 1, 6));
        upload("doomed", zip).then().statusCode(201);
        String id = given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body("{\"kind\":\"dense\",\"dataset\":\"folder\",\"data\":\"doomed\",\"initial\":6,\"budget\":3,\"rounds\":1}")
                .post("/experiments").then().statusCode(202).extract().path("id");
        given().auth().oauth2(TOKEN).delete("/datasets/doomed").then().statusCode(409)
                .body("errors[0]", equalTo("data set 'doomed' is used by experiment " + id
                        + ", which has not finished: cancel it or wait for it to end"));
        assertThat(store.objects().exists(StorageKeys.datasetArchive("doomed"))).isTrue();

        given().auth().oauth2(TOKEN).delete("/experiments/" + id).then().statusCode(202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(
                given().auth().oauth2(TOKEN).get("/experiments/" + id).path("status")));
        given().auth().oauth2("test-read-token").delete("/datasets/doomed").then().statusCode(403);
        given().auth().oauth2(TOKEN).delete("/datasets/doomed").then().statusCode(204);
        assertThat(store.objects().list(StorageKeys.datasets())).noneMatch(k -> k.startsWith("datasets/doomed/"));
        given().auth().oauth2(TOKEN).get("/datasets").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("doomed")));
        given().auth().oauth2(TOKEN).delete("/datasets/doomed").then().statusCode(404);
        upload("doomed", zip).then().statusCode(201); // the name is free again
    }

    private static byte[] zipOf(String entry, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
