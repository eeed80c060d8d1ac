package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.alps.events.Topics;
import io.alps.events.v1.ExperimentStarted;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.infra.TinyImageFolder;
import io.alps.service.data.DataSets;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The labeller sees the real picture: a query of an image-folder data set links its original,
 * served from the data set's file at most 512 pixels on its longer side with its own type, and a
 * file or data set that went away is a 410 naming the sample, never a path.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class SampleOriginalsTest {
    @Inject
    ExperimentStore store;

    @Inject
    DataSets dataSets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer test-write-token");
    }

    @Test
    void aQueryOfAnImageFolderLinksItsOriginalScaledToAtMost512PixelsWithItsOwnType() throws Exception {
        String name = "photos-" + UUID.randomUUID().toString().substring(0, 8);
        Path tree = TinyImageFolder.write(Files.createTempDirectory("originals").resolve("photos"), 2, 1, 7);
        write(tree.resolve("train/circle/wide.jpg"), 700, 300, "jpeg", BufferedImage.TYPE_INT_RGB);
        write(tree.resolve("train/square/small.png"), 200, 150, "png", BufferedImage.TYPE_INT_ARGB);
        write(tree.resolve("train/star/tall.png"), 300, 900, "png", BufferedImage.TYPE_INT_ARGB);
        write(tree.resolve("train/star/old.bmp"), 64, 48, "bmp", BufferedImage.TYPE_INT_RGB);
        authed().contentType("application/zip").body(TinyImageFolder.zip(tree)).post("/datasets?name=" + name)
                .then().statusCode(201);
        String id = authed().contentType(ContentType.JSON).body("{\"kind\":\"dense\",\"dataset\":\"folder\",\"data\":\""
                + name + "\",\"oracle\":\"human\",\"initial\":5,\"budget\":1,\"rounds\":1}").post("/experiments")
                .then().statusCode(202).extract().jsonPath().getString("id");
        // What the selector stores for each sample it asks about: the network's input and which file it is.
        List<String> files = List.of("train/circle/wide.jpg", "train/square/small.png", "train/star/tall.png",
                "train/star/old.bmp", "train/circle/train-000.png");
        store.putLabels(StorageKeys.labels(id, 0), new int[] {0, 1, 2, 3, 4});
        for (int s = 0; s < files.size(); s++) {
            store.objects().put(StorageKeys.sampleImage(id, s), png(32, 32));
            store.objects().put(StorageKeys.sampleFile(id, s), files.get(s).getBytes(StandardCharsets.UTF_8));
        }
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_STARTED, id, ExperimentStarted.newBuilder().setEventId(id + "/experiment-started")
                    .setExperimentId(id).setSpecKey(StorageKeys.spec(id)).setLabelsKey(StorageKeys.labels(id, 0))
                    .setTheta0Key(StorageKeys.theta0(id)).setDatasetName(name)
                    .addAllClassNames(TinyImageFolder.CLASSES).build().toByteArray());
            JsonPath q = await("experiment " + id + " asks for labels").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        Response r = authed().get("/experiments/" + id + "/queries");
                        return r.statusCode() == 200 ? r.jsonPath() : null;
                    }, p -> p != null && p.get("round") != null);
            assertThat(q.getList("queries.original", String.class)).containsExactly(
                    "/experiments/" + id + "/samples/0/original", "/experiments/" + id + "/samples/1/original",
                    "/experiments/" + id + "/samples/2/original", "/experiments/" + id + "/samples/3/original",
                    "/experiments/" + id + "/samples/4/original");
            assertThat(q.getString("queries[0].image")).isEqualTo("/experiments/" + id + "/samples/0.png");

            assertImage(q.getString("queries[0].original"), "image/jpeg", "JPEG", 512, 219);
            assertImage(q.getString("queries[1].original"), "image/png", "png", 200, 150);
            assertImage(q.getString("queries[2].original"), "image/png", "png", 171, 512);
            assertImage(q.getString("queries[3].original"), "image/png", "png", 64, 48);
            // A file that already fits is sent as it is stored.
            assertThat(authed().get(q.getString("queries[1].original")).asByteArray())
                    .isEqualTo(Files.readAllBytes(tree.resolve("train/square/small.png")));
            // Read-only users label too; no token, no picture.
            given().header("Authorization", "Bearer test-read-token").get(q.getString("queries[0].original")).then()
                    .statusCode(200);
            given().get(q.getString("queries[0].original")).then().statusCode(401);

            authed().get("/experiments/" + id + "/samples/77/original").then().statusCode(404)
                    .contentType(ContentType.JSON).body("errors[0]", containsString("sample 77 was never asked about"));

            // The file removed from the data set's folder: gone, said naming the sample and not where it was.
            Path folder = dataSets.folder(name);
            Files.delete(folder.resolve(files.get(4)));
            authed().get("/experiments/" + id + "/samples/4/original").then().statusCode(410)
                    .contentType(ContentType.JSON).body("errors[0]", containsString("sample 4"))
                    .body("errors[0]", containsString("no longer in data set '" + name + "'"))
                    .body("errors[0]", not(containsString(folder.getParent().toString())))
                    .body("errors[0]", not(containsString("train-000.png")));
            // A damaged file: named by the sample, no path, no stack trace.
            Files.write(folder.resolve(files.get(3)), new byte[] {'B', 'M', 1, 2, 3});
            String damaged = authed().get("/experiments/" + id + "/samples/3/original").then().statusCode(500)
                    .contentType(ContentType.JSON).extract().jsonPath().getString("errors[0]");
            assertThat(damaged).contains("sample 3", "cannot be shown").doesNotContain(folder.getParent().toString(),
                    "old.bmp", "at io.", "Exception:");
            // The data set deleted (its description goes first, as DELETE /datasets does): gone too.
            store.objects().delete(StorageKeys.datasetInfo(name));
            authed().get("/experiments/" + id + "/samples/0/original").then().statusCode(410)
                    .body("errors[0]", containsString("sample 0: data set '" + name + "' is no longer on this server"));
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheOriginalsEndpoint() {
        String doc = authed().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(doc).contains("/experiments/{id}/samples/{sampleId}/original",
                "A queried sample's original picture, from its data set's file");
    }

    private static void assertImage(String url, String type, String format, int width, int height) throws Exception {
        Response r = authed().get(url);
        r.then().statusCode(200).contentType(type);
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(r.asByteArray()))) {
            var reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getFormatName()).as(url).isEqualToIgnoringCase(format);
            assertThat(new int[] {reader.getWidth(0), reader.getHeight(0)}).as(url).containsExactly(width, height);
            reader.dispose();
        }
    }

    /** A smooth picture (so a JPEG stays small) of {@code w} x {@code h}. */
    private static void write(Path file, int w, int h, String format, int type) throws Exception {
        BufferedImage image = new BufferedImage(w, h, type);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, w, h, Color.BLUE));
        g.fillRect(0, 0, w, h);
        g.dispose();
        assertThat(ImageIO.write(image, format, file.toFile())).as(format + " writer").isTrue();
    }

    private static byte[] png(int w, int h) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
