package dev.promenade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

import io.restassured.response.Response;

/** A page as parsed HTML, to find elements by id and data-* hook. */
public record Page(Document document, int status) {

    public static Page of(Response response) {
        return new Page(Jsoup.parse(response.body().asString()), response.statusCode());
    }

    public static Page of(Response response, int expectedStatus) {
        assertEquals(expectedStatus, response.statusCode(), () -> response.body().asString());
        return of(response);
    }

    public Element one(String cssQuery) {
        Elements found = document.select(cssQuery);
        assertEquals(1, found.size(), () -> "exactly one " + cssQuery + " in\n" + document.body());
        return found.first();
    }

    public Elements all(String cssQuery) {
        return document.select(cssQuery);
    }

    /** The element of a repository card on a page. */
    public Element repository(String fullName) {
        return one("section.repository[data-repo=\"" + fullName + "\"]");
    }

    public static Element step(Element scope, String target) {
        Elements found = scope.select("[data-step=\"" + target + "\"]");
        assertEquals(1, found.size(), () -> "exactly one step into " + target);
        return found.first();
    }

    public static Element environment(Element scope, String name) {
        Elements found = scope.select("[data-env=\"" + name + "\"]");
        assertEquals(1, found.size(), () -> "exactly one environment " + name);
        return found.first();
    }

    /** Where the page subscribes to its live updates (htmx's {@code sse-connect}). */
    public String live() {
        return one("[sse-connect]").attr("sse-connect");
    }

    public static List<String> commits(Element scope) {
        return scope.select("[data-commit]").eachAttr("data-commit");
    }
}
