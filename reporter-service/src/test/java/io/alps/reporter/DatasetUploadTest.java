package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.alps.infra.LocalInfraResource;
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
