package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.google.protobuf.CodedOutputStream;
import io.alps.infra.LocalInfraResource;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code POST /models}: a trained network is kept and can be named in a spec's initFrom; bad uploads are refused. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ModelUploadTest {
    private static final String TOKEN = "test-write-token";

    @Inject
    ExperimentStore store;

    private static io.restassured.response.Response upload(String name, byte[] body) {
        return given().auth().oauth2(TOKEN).contentType("application/octet-stream").body(body)
                .post("/models" + (name == null ? "" : "?name=" + name));
    }

    private static String spec(String initFrom) {
        return "{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"initial\":6,\"budget\":3,"
                + "\"rounds\":1,\"initFrom\":\"" + initFrom + "\"}";
    }

    @Test
    void aCheckpointAndAnOnnxModelAreKeptListedAndNamedInASpec() throws Exception {
        byte[] zip = zipOf("configuration.json", "{}".getBytes());
        upload("backbone-zip", zip).then().statusCode(201).body("name", equalTo("backbone-zip"))
                .body("kind", equalTo("zip")).body("bytes", equalTo(zip.length))
                .body("contentId", equalTo(sha256(zip))).body("uploadedAt", org.hamcrest.Matchers.notNullValue());
        assertThat(store.objects().get(StorageKeys.modelFile("backbone-zip", sha256(zip)))).isEqualTo(zip);
        byte[] onnx = onnx(true);
        upload("backbone-onnx", onnx).then().statusCode(201).body("kind", equalTo("onnx"));

        given().auth().oauth2("test-read-token").get("/models").then().statusCode(200)
                .body("name", hasItem("backbone-zip")).body("name", hasItem("backbone-onnx"));
        given().get("/models").then().statusCode(401);
        given().auth().oauth2(TOKEN).get("/q/openapi").then().statusCode(200).body(containsString("/models"))
                .body(containsString("Upload a trained network"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(spec("backbone-onnx"))
                .post("/experiments").then().statusCode(202);
        upload("backbone-zip", zip).then().statusCode(409).body("errors[0]", containsString("exists already"));
    }

    @Test
    void aSpecNamingNoUploadedModelIsRefusedSayingHowToUploadIt() {
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(spec("never-sent")).post("/experiments")
                .then().statusCode(400).body("errors[0]",
                        equalTo("initFrom: no model named 'never-sent' (upload it with POST /models?name=never-sent)"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(spec("../models/x")).post("/experiments")
                .then().statusCode(400).body("errors[0]", containsString("initFrom: no model named '../models/x'"));
    }

    @Test
    void badUploadsAreRefusedSayingWhyAndKeepNothing() throws Exception {
        upload(null, new byte[] {1}).then().statusCode(400).body("errors[0]", containsString("name:"));
        upload("a%2Fb", new byte[] {1}).then().statusCode(400).body("errors[0]", containsString("is not a model name"));
        upload("empty", new byte[0]).then().statusCode(400).body("errors[0]", containsString("the upload is empty"));
        upload("text", "hello, this is no network".getBytes()).then().statusCode(400)
                .body("errors[0]", containsString("neither an ALPS checkpoint (a zip, such as final_model.zip) nor an ONNX model"))
                .body("errors[0]", not(containsString("/tmp")));
        upload("graphless", onnx(false)).then().statusCode(400).body("errors[0]", containsString("it has no graph"));
        // The test profile's limit is 300,000 bytes.
        upload("too-large", new byte[400_000]).then().statusCode(413)
                .body("errors[0]", containsString("limit of 300,000 bytes")).body("errors[0]", containsString("alps.limits.upload.model-bytes"));
        given().contentType("application/octet-stream").body(new byte[] {1}).post("/models?name=anonymous").then().statusCode(401);
        given().auth().oauth2("test-read-token").contentType("application/octet-stream").body(new byte[] {1})
                .post("/models?name=read-only").then().statusCode(403);
        assertThat(store.objects().list(StorageKeys.models())).noneMatch(k -> k.contains("too-large")
                || k.contains("text") || k.contains("empty") || k.contains("graphless"));
    }

    @Test
    void aModelIsDeletedOnlyOnceNoUnfinishedExperimentStartsFromIt() throws Exception {
        byte[] zip = zipOf("coefficients.bin", new byte[64]);
        upload("doomed-net", zip).then().statusCode(201);
        String id = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(spec("doomed-net"))
                .post("/experiments").then().statusCode(202).extract().path("id");
        given().auth().oauth2(TOKEN).delete("/models/doomed-net").then().statusCode(409)
                .body("errors[0]", equalTo("model 'doomed-net' is used by experiment " + id
                        + ", which has not finished: cancel it or wait for it to end"));
        assertThat(store.objects().exists(StorageKeys.modelInfo("doomed-net"))).isTrue();

        given().auth().oauth2(TOKEN).delete("/experiments/" + id).then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(
                given().auth().oauth2(TOKEN).get("/experiments/" + id).path("status")));
        given().auth().oauth2("test-read-token").delete("/models/doomed-net").then().statusCode(403);
        given().auth().oauth2(TOKEN).delete("/models/doomed-net").then().statusCode(204);
        assertThat(store.objects().list(StorageKeys.models())).noneMatch(k -> k.startsWith("models/doomed-net/"));
        given().auth().oauth2(TOKEN).get("/models").then().statusCode(200).body("name", not(hasItem("doomed-net")));
        given().auth().oauth2(TOKEN).delete("/models/doomed-net").then().statusCode(404);
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(spec("doomed-net")).post("/experiments")
                .then().statusCode(400).body("errors[0]", containsString("no model named 'doomed-net'"));
        upload("doomed-net", zip).then().statusCode(201); // the name is free again
    }

    /**
     * An ONNX ModelProto's top level as onnx.proto lays it out: ir_version (1), producer_name (2),
     * graph (7, its content not looked into by the upload check), opset_import (8).
     */
    private static byte[] onnx(boolean withGraph) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt64(1, 8);
        out.writeString(2, "alps-test");
        if (withGraph) {
            out.writeByteArray(7, new byte[] {0x0a, 0x02, 'n', '1'});
        }
        out.writeByteArray(8, new byte[] {0x10, 0x0d});
        out.flush();
        return bytes.toByteArray();
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

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
