package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.alps.infra.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The console's pages as HTML: the login, the lists, an experiment's page and its assets (the browser test clicks them). */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ConsolePagesTest {
    private static final String TOKEN = "test-write-token";

    @Test
    void everyPageAsksForALoginFirstAndABadTokenIsToldSo() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/login"));
        given().redirects().follow(false).get("/console/experiments/exp-x").then().statusCode(303);
        given().get("/login").then().statusCode(200).body(containsString("name=\"token\""));
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", "wrong").post("/login")
                .then().statusCode(401).body(containsString("not one this service accepts"));
        String cookie = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", TOKEN)
                .post("/login").then().statusCode(303).extract().header("Set-Cookie");
        assertThat(cookie).startsWith("alps_token=" + TOKEN).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void theListsAnExperimentsPageAndItsChartLibraryAreServedToALoggedInUser() {
        String id = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\"}")
                .post("/experiments").then().statusCode(202).extract().jsonPath().getString("id");
        given().cookie("alps_token", TOKEN).get("/").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("/console/experiments/" + id)).body(containsString("PENDING"));
        String page = given().cookie("alps_token", TOKEN).get("/console/experiments/" + id).then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("data-id=\"" + id + "\"").contains("accuracy-chart");
        String chartJs = page.replaceAll("(?s).*<script src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1");
        given().get(chartJs).then().statusCode(200).body(containsString("Chart"));
        given().get("/console/experiment.js").then().statusCode(200);
        // The API reads the same cookie, so the page's requests need no token of their own.
        given().cookie("alps_token", TOKEN).get("/experiments/" + id).then().statusCode(200);
        given().cookie("alps_token", TOKEN).get("/console/experiments/" + id + "/label").then().statusCode(200)
                .body(containsString("id=\"grid\""));
        given().cookie("alps_token", TOKEN).get("/console/experiments/no-such").then().statusCode(404);
    }
}
