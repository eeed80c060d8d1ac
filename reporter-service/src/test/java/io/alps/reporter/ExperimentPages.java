package io.alps.reporter;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code GET /experiments} as a client does: page after page, following each {@code Link rel="next"}. */
final class ExperimentPages {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private ExperimentPages() {
    }

    /** Every experiment id the reporter lists, newest first, read with the given token. */
    static List<String> allIds(String token) {
        List<String> ids = new ArrayList<>();
        String page = "/experiments";
        while (page != null) {
            Response response = given().header("Authorization", "Bearer " + token).get(page);
            response.then().statusCode(200);
            ids.addAll(response.jsonPath().getList("id", String.class));
            page = next(response);
        }
        return ids;
    }

    /** The next page's path and query from the response's Link header; null on the last page. */
    static String next(Response page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        if (!m.find()) {
            throw new AssertionError("a Link header without rel=next: " + link);
        }
        return m.group(1);
    }
}
