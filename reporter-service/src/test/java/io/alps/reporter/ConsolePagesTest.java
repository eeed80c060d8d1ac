package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.alps.infra.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's pages as HTML: the login and its session, the lists, an experiment's page and its
 * assets (the browser test clicks them), and the headers that keep markup and other sites out.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ConsolePagesTest {
    private static final String TOKEN = "test-write-token";
    private static final String SESSION = "alps_session";

    /** Logs in as a browser on this page would and returns the session cookie's value. */
    static String logIn(String token) {
        return given().redirects().follow(false).header("Sec-Fetch-Site", "same-origin").contentType(ContentType.URLENC)
                .formParam("token", token).post("/login").then().statusCode(303).extract().cookie(SESSION);
    }

    @Test
    void everyPageAsksForALoginFirstAndABadTokenIsToldSo() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/login"));
        given().redirects().follow(false).get("/console/experiments/exp-x").then().statusCode(303);
        given().get("/login").then().statusCode(200).body(containsString("name=\"token\""));
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", "wrong").post("/login")
                .then().statusCode(401).body(containsString("not one this service accepts"));
        String cookie = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", TOKEN)
                .post("/login").then().statusCode(303).extract().header("Set-Cookie");
        assertThat(cookie).startsWith(SESSION + "=").doesNotContain(TOKEN).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").containsIgnoringCase("Max-Age=28800")
                .doesNotContainIgnoringCase("Secure");
    }

    @Test
    void theCookieIsASessionNotTheTokenAndLoggingOutEndsIt() {
        given().redirects().follow(false).cookie(SESSION, TOKEN).get("/").then().statusCode(303);
        given().redirects().follow(false).cookie("alps_token", TOKEN).get("/").then().statusCode(303);
        String session = logIn(TOKEN);
        assertThat(session).isNotEqualTo(logIn(TOKEN)).hasSizeGreaterThanOrEqualTo(43);
        given().cookie(SESSION, session).get("/").then().statusCode(200);
        given().cookie(SESSION, session).get("/experiments").then().statusCode(200);
        given().redirects().follow(false).cookie(SESSION, session).header("Origin", "https://elsewhere.test")
                .post("/logout").then().statusCode(403).body(containsString("another site"));
        given().cookie(SESSION, session).get("/").then().statusCode(200);
        String cleared = given().redirects().follow(false).cookie(SESSION, session).header("Sec-Fetch-Site", "same-origin")
                .post("/logout").then().statusCode(303).header("Location", containsString("/login"))
                .extract().header("Set-Cookie");
        assertThat(cleared).startsWith(SESSION + "=;").containsIgnoringCase("Max-Age=0");
        given().redirects().follow(false).cookie(SESSION, session).get("/").then().statusCode(303);
        given().cookie(SESSION, session).get("/experiments").then().statusCode(401);
    }

    @Test
    void aStaleCookieGetsTheLoginPageAndIsClearedAndLoggingInThenWorks() {
        String stale = "session-of-an-earlier-start";
        Response login = given().cookie(SESSION, stale).get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.asString()).contains("name=\"token\"");
        assertThat(login.header("Set-Cookie")).startsWith(SESSION + "=;").containsIgnoringCase("Max-Age=0");
        Response page = given().redirects().follow(false).cookie(SESSION, stale).get("/console/experiments/exp-x");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.header("Location")).endsWith("/login");
        assertThat(page.header("Set-Cookie")).startsWith(SESSION + "=;");
        String session = given().redirects().follow(false).cookie(SESSION, stale).header("Sec-Fetch-Site", "same-origin")
                .contentType(ContentType.URLENC).formParam("token", TOKEN).post("/login").then().statusCode(303)
                .extract().cookie(SESSION);
        given().cookie(SESSION, session).get("/").then().statusCode(200);
    }

    @Test
    void anotherSitesPageCannotLogSomeoneIn() {
        for (String[] header : new String[][] {{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"},
                {"Origin", "https://elsewhere.test"}, {"Origin", "null"}}) {
            Response r = given().redirects().follow(false).header(header[0], header[1]).contentType(ContentType.URLENC)
                    .formParam("token", TOKEN).post("/login");
            assertThat(r.statusCode()).as(header[0] + ": " + header[1]).isEqualTo(403);
            assertThat(r.asString()).contains("another site");
            assertThat(r.header("Set-Cookie")).as(header[0] + ": " + header[1]).isNull();
        }
        String self = RestAssured.baseURI.replaceFirst("/$", "") + ":" + RestAssured.port;
        given().redirects().follow(false).header("Origin", self).contentType(ContentType.URLENC)
                .formParam("token", TOKEN).post("/login").then().statusCode(303);
    }

    @Test
    void everyResponseCarriesTheContentSecurityPolicy() {
        String session = logIn(TOKEN);
        for (Response r : List.of(given().get("/login"), given().redirects().follow(false).get("/"),
                given().cookie(SESSION, session).get("/"), given().cookie(SESSION, session).get("/console/experiments/no-such"),
                given().get("/console/label.js"), given().get("/experiments"))) {
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).as("status " + r.statusCode()).contains("default-src 'self'", "frame-ancestors 'none'",
                    "base-uri 'none'", "form-action 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void theListsAnExperimentsPageAndItsChartLibraryAreServedToALoggedInUser() {
        String id = given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"kind\":\"dense\"}")
                .post("/experiments").then().statusCode(202).extract().jsonPath().getString("id");
        String session = logIn(TOKEN);
        given().cookie(SESSION, session).get("/").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("/console/experiments/" + id)).body(containsString("PENDING"));
        String page = given().cookie(SESSION, session).get("/console/experiments/" + id).then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("data-id=\"" + id + "\"").contains("accuracy-chart");
        String chartJs = page.replaceAll("(?s).*<script src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1");
        given().get(chartJs).then().statusCode(200).body(containsString("Chart"));
        given().get("/console/experiment.js").then().statusCode(200);
        // The API reads the same cookie, so the page's requests need no token of their own.
        given().cookie(SESSION, session).get("/experiments/" + id).then().statusCode(200);
        String label = given().cookie(SESSION, session).get("/console/experiments/" + id + "/label").then()
                .statusCode(200).extract().asString();
        // The grid, and the highlighted sample shown large with the switch to the network's input.
        assertThat(label).contains("id=\"grid\"", "<img id=\"original\"", "id=\"view\"", "/console/label.js");
        given().get("/console/label.js").then().statusCode(200).body(containsString("q.original"));
        // A benchmark set's only image is 32x32: shown large as blocks, not blurred.
        given().get("/console/console.css").then().statusCode(200).body(containsString("image-rendering: pixelated"));
        given().cookie(SESSION, session).get("/console/experiments/no-such").then().statusCode(404);
    }
}
