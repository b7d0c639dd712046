package dev.promenade.web;

import static dev.promenade.Page.step;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Fast to ship: compressed pages, versioned static files cached for long, a favicon without signing in. */
@QuarkusTest
class AssetsTest {

    @jakarta.inject.Inject
    dev.promenade.pipeline.Snapshots snapshots;

    /** The sandbox is planted again after other tests: what was read of it before names commits it no longer has. */
    @org.junit.jupiter.api.BeforeEach
    void nothingReadYet() {
        snapshots.forgetAll();
    }

    @Test
    void pagesAreCompressedForBrowsersThatAsk() {
        SignIn alice = SignIn.as("alice");
        Response compressed = alice.request().header("Accept-Encoding", "gzip").get("/");
        assertEquals(200, compressed.statusCode());
        assertEquals("gzip", compressed.header("Content-Encoding"));
        assertTrue(compressed.body().asString().contains("acme/storefront"), "the page itself, once decompressed");
    }

    @Test
    void aListOf300CommitsIsSentInPagesUnder40KilobytesCompressed() throws Exception {
        SignIn alice = SignIn.as("alice");
        String cookies = String.join("; ", alice.cookies().entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).toList());
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int page = 1; page <= 3; page++) {
            // java.net.http does not decompress: the body is what went over the wire.
            java.net.http.HttpResponse<byte[]> sent = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:8081/repos/acme/ledger/pending/staging?page=" + page)).header("Cookie", cookies)
                    .header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, sent.statusCode());
            assertEquals("gzip", sent.headers().firstValue("Content-Encoding").orElse(null));
            assertTrue(sent.body().length < 40 * 1024, "page " + page + ": " + sent.body().length + " bytes");
            String html = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(sent.body())).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(100, org.jsoup.Jsoup.parse(html).select("#pending li[data-commit]").size(), "page " + page);
        }
    }

    @Test
    void staticFilesAreVersionedAndKeptForAYear() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);
        String css = page.one("link[rel=stylesheet]").attr("href");
        assertTrue(css.matches("/static/promenade\\.css\\?v=[0-9a-f]{12}"), css);
        for (Element script : page.all("script[src]")) {
            assertTrue(script.attr("src").endsWith(css.substring(css.indexOf("?v="))), script.attr("src"));
            assertEquals(200, given().get(script.attr("src")).statusCode(), script.attr("src"));
        }
        assertEquals("public, max-age=31536000, immutable", given().get(css).header("Cache-Control"));
        assertEquals("no-cache", given().get("/static/promenade.css").header("Cache-Control"), "unversioned: checked again");
    }

    @Test
    void theFaviconNeedsNoSignIn() {
        Response icon = given().redirects().follow(false).get("/favicon.ico");
        assertEquals(200, icon.statusCode());
        assertTrue(icon.asByteArray().length > 100);
        assertFalse(icon.header("Content-Type").contains("html"), icon.header("Content-Type"));
    }

    @Test
    void aStepSaysSinceWhenItsOldestCommitHasWaited() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);
        Element pending = step(page.repository("acme/storefront"), "staging");
        Instant oldest = Instant.parse(pending.attr("data-oldest-pending"));
        assertTrue(oldest.isBefore(Instant.now()), oldest.toString());
        Element upToDate = step(page.repository("acme/docs"), "staging");
        assertEquals("up-to-date", upToDate.attr("data-status"));
        assertFalse(upToDate.hasAttr("data-oldest-pending"), "nothing waits");
    }
}
