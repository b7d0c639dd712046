package dev.promenade;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Signs in through the sandbox's OAuth pages exactly as a browser would, and keeps the cookies. */
public final class SignIn {

    private final Map<String, String> cookies;
    /** Where the application is; {@code null}: the test application. */
    private final String base;

    private SignIn(Map<String, String> cookies, String base) {
        this.cookies = cookies;
        this.base = base;
    }

    public static SignIn as(String login) {
        return as(login, "/");
    }

    /** Asks for {@code path}, follows the redirects to the sandbox's sign-in, picks {@code login} and comes back. */
    public static SignIn as(String login, String path) {
        return as(login, path, null);
    }

    /**
     * Signs in to the application at {@code base} (another process), through the sandbox its sign-in
     * redirects to.
     */
    public static SignIn as(String login, String path, String base) {
        Response start = on(base).redirects().follow(false).get(path);
        assertEquals(302, start.statusCode(), "an anonymous request is sent to sign in");
        Map<String, String> cookies = new HashMap<>(start.cookies());
        String authorizeUrl = start.header("Location");
        Map<String, String> authorize = query(authorizeUrl);

        Response grant = given().redirects().follow(false)
                .queryParam("client_id", authorize.get("client_id"))
                .queryParam("redirect_uri", authorize.get("redirect_uri"))
                .queryParam("state", authorize.get("state"))
                .queryParam("code_challenge", authorize.get("code_challenge"))
                .queryParam("code_challenge_method", authorize.get("code_challenge_method"))
                .queryParam("login", login)
                .get(authorizeUrl.substring(0, authorizeUrl.indexOf("/authorize")) + "/grant");
        assertEquals(302, grant.statusCode(), "the sandbox sends the browser back with a code");
        // The sandbox's own pages remember who signed in there, as github.com does.
        cookies.putAll(grant.cookies());

        Response callback = given().redirects().follow(false).urlEncodingEnabled(false).cookies(cookies)
                .get(grant.header("Location"));
        assertEquals(302, callback.statusCode(), "the callback redirects to the page first asked for");
        cookies.putAll(callback.cookies());
        return new SignIn(cookies, base);
    }

    /** This session at another replica sharing the client secret (sessions live in the encrypted cookie). */
    public SignIn at(String otherBase) {
        return new SignIn(new HashMap<>(cookies), otherBase);
    }

    /** A request carrying this session. */
    public RequestSpecification request() {
        return on(base).redirects().follow(false).cookies(cookies);
    }

    /** Asks for {@code path} as a browser would: what the answer sets (a refreshed session, or none) is kept. */
    public io.restassured.response.Response browse(String path) {
        io.restassured.response.Response response = request().get(path);
        response.detailedCookies().forEach(cookie -> {
            if (cookie.hasMaxAge() && cookie.getMaxAge() <= 0 || cookie.getValue().isEmpty()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        });
        return response;
    }

    /** Where this session's application is: {@code null} for the test application. */
    public String base() {
        return base;
    }

    private static RequestSpecification on(String base) {
        return base == null ? given() : given().baseUri(base);
    }

    /**
     * The CSRF token of the forms on a page, as a browser holds it: the page's hidden field, and
     * the cookie it came with (kept in this session).
     */
    public String formToken(String path) {
        Response page = request().get(path);
        assertEquals(200, page.statusCode(), path);
        cookies.putAll(page.cookies());
        return org.jsoup.Jsoup.parse(page.body().asString()).select("input[type=hidden][name=csrf-token]").first().val();
    }

    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    public static Map<String, String> query(String url) {
        Map<String, String> parameters = new HashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }
}
