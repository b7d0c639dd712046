package dev.promenade.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.MovableClock;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.webhook.Deliveries;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.restassured.http.Cookie;
import io.restassured.response.Response;

/**
 * Headers on every response, cookie flags, CSRF on every state-changing request, no inline script or
 * style; open pages' streams that end with the right to see what they show.
 */
@QuarkusTest
class SecurityTest {

    @Inject
    SandboxWorld sandbox;

    @Inject
    Snapshots snapshots;

    @Inject
    @CacheName("repository-access")
    Cache accessAnswers;

    /** Now, moved by hand: sessions end 8 hours after they began, by the real clock. */
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void freshStart() {
        QuarkusMock.installMockForType(clock, Clock.class);
        accessAnswers.invalidateAll().await().indefinitely();
        snapshots.forgetAll();
    }

    @AfterEach
    void restoreGitHub() {
        sandbox.reset();
        sandbox.restoreTokens();
        // What was learnt on the moved clock is dated ahead of the real one: not for the next tests.
        accessAnswers.invalidateAll().await().indefinitely();
        snapshots.forgetAll();
    }

    @Test
    void aLiveStreamEndsWithinTwoSecondsOfSignOutInAnotherTab() {
        SignIn alice = SignIn.as("alice");
        Page ledger = Page.of(alice.request().get("/repos/acme/ledger"), 200);
        assertEquals("ended", ledger.one("[sse-connect]").attr("sse-close"), "the page does not connect again once told");
        try (EventStream events = EventStream.open(alice, ledger.live())) {
            String token = alice.formToken("/");

            alice.request().formParam("csrf-token", token).post("/logout").then().statusCode(303);

            Element ended = events.next(event -> event.name().equals("ended"), Duration.ofSeconds(2)).element();
            assertEquals("Your session ended, so this page no longer updates itself. Sign in again.", ended.text());
            assertTrue(events.ends(Duration.ofSeconds(2)), "the stream is closed: nothing is sent after");
        }
        long refused = sandbox.refusedRequests();
        Response replayed = alice.request().get("/repos/acme/ledger");
        assertEquals(302, replayed.statusCode(), "the signed-out session's cookie, replayed, is no session");
        assertEquals(refused, sandbox.refusedRequests(), "and its token is not shown to GitHub again");
        assertEquals("/signed-out?reason=github", replayed.header("Location"));
        assertEquals(302, alice.request().get("/events?view=overview").statusCode());
    }

    @Test
    void aLiveStreamEndsWhenGitHubNoLongerLetsItsUserRead() {
        SignIn alice = SignIn.as("alice");
        Page ledger = Page.of(alice.request().get("/repos/acme/ledger"), 200);
        try (EventStream events = EventStream.open(alice, ledger.live())) {
            sandbox.removeCollaborator("acme/ledger", "alice");
            clock.advance(Duration.ofMinutes(1).plusSeconds(1));

            Element ended = events.next(event -> event.name().equals("ended"), Duration.ofSeconds(3)).element();
            assertTrue(ended.text().startsWith("GitHub no longer lets you read something this page shows"), ended.text());
            assertTrue(events.ends(Duration.ofSeconds(2)), "the stream is closed: nothing is sent after");
        }
        assertEquals(404, alice.request().get("/repos/acme/ledger").statusCode());
        assertEquals(200, alice.request().get("/repos/acme/docs").statusCode(), "still signed in");
    }

    @Test
    void aLiveStreamEndsWithItsSession() {
        SignIn bob = SignIn.as("bob");
        Page overview = Page.of(bob.request().get("/"), 200);
        try (EventStream events = EventStream.open(bob, overview.live())) {
            clock.advance(Duration.ofHours(8).plusMinutes(1));

            Element ended = events.next(event -> event.name().equals("ended"), Duration.ofSeconds(3)).element();
            assertTrue(ended.text().startsWith("Your session ended"), ended.text());
            assertTrue(events.ends(Duration.ofSeconds(2)));
        }
    }

    @Test
    void aTokenGitHubRefusedIsNeverSentAgain() {
        SignIn carol = SignIn.as("carol");
        Page overview = Page.of(carol.request().get("/"), 200);
        try (EventStream events = EventStream.open(carol, overview.live())) {
            long before = sandbox.refusedRequests();
            sandbox.revokeTokenOf("carol");
            // What her page shows is due for reading again, as her.
            clock.advance(Duration.ofSeconds(20));

            Element ended = events.next(event -> event.name().equals("ended"), Duration.ofSeconds(5)).element();
            assertTrue(ended.text().startsWith("Your session ended"), ended.text());
            assertTrue(events.ends(Duration.ofSeconds(2)));
            long refused = sandbox.refusedRequests() - before;
            assertTrue(refused >= 1 && refused <= 2, "what was in flight when GitHub first said no: " + refused);

            Response next = carol.request().get("/");
            assertEquals(302, next.statusCode(), "her next page sends her to sign in");
            assertEquals("/signed-out?reason=github", next.header("Location"));
            // Another page is read again twice meanwhile: her token is not among those asked with.
            SignIn bob = SignIn.as("bob");
            Page bobs = Page.of(bob.request().get("/"), 200);
            try (EventStream others = EventStream.open(bob, bobs.live())) {
                for (int i = 0; i < 2; i++) {
                    clock.advance(Duration.ofSeconds(20));
                    others.freshness("acme/docs");
                }
            }
            assertEquals(before + refused, sandbox.refusedRequests(), "not one request more with her token");
        }
    }

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' https://avatars.githubusercontent.com http://localhost:8081; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Test
    void everyKindOfResponseCarriesTheHeaders() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken("/");
        Map<String, Response> responses = Map.ofEntries(
                Map.entry("page", alice.request().get("/")),
                Map.entry("htmx fragment", alice.request().header("HX-Request", "true").get("/repos/acme/storefront/pending/staging")),
                Map.entry("unknown repository (404 page)", alice.request().get("/repos/acme/nope")),
                Map.entry("unknown path", alice.request().get("/no/such/page")),
                Map.entry("wrong method", alice.request().formParam("csrf-token", token).delete("/")),
                Map.entry("refused form", alice.request().post("/logout")),
                Map.entry("redirect to sign in", given().redirects().follow(false).get("/")),
                Map.entry("signed-out page", given().get("/signed-out")),
                Map.entry("style sheet", given().get("/static/promenade.css")),
                Map.entry("htmx", given().get("/webjars/htmx.org/dist/htmx.min.js")),
                Map.entry("unsigned webhook", Deliveries.deliver(null, "push", "{}".getBytes(), null)));
        responses.forEach((what, response) -> {
            assertEquals(POLICY, response.header("Content-Security-Policy"), what);
            assertEquals("DENY", response.header("X-Frame-Options"), what);
            assertEquals("nosniff", response.header("X-Content-Type-Options"), what);
            assertEquals("same-origin", response.header("Referrer-Policy"), what);
            assertNull(response.header("Strict-Transport-Security"), what + ": not over http (see SecureCookiesTest)");
        });
        assertEquals("no-store", responses.get("page").header("Cache-Control"), "pages name private repositories");
        assertEquals(401, responses.get("unsigned webhook").statusCode());
    }

    @Test
    void cookiesAreHttpOnlyAndSameSiteLax() {
        Response start = given().redirects().follow(false).get("/");
        List<Cookie> cookies = new ArrayList<>(start.detailedCookies().asList());
        SignIn alice = SignIn.as("alice");
        assertFalse(alice.cookies().isEmpty());
        Response page = alice.request().get("/");
        cookies.addAll(page.detailedCookies().asList());
        assertFalse(cookies.isEmpty(), "the sign-in state cookie at least");
        for (Cookie cookie : cookies) {
            assertTrue(cookie.isHttpOnly(), cookie.getName());
            assertEquals("lax", String.valueOf(cookie.getSameSite()).toLowerCase(), cookie.getName());
            assertFalse(cookie.isSecured(), cookie.getName() + ": public-url is not https here");
        }
    }

    /** Found by reflection, so that a new form cannot be added without the check. */
    @Test
    void everyStateChangingResourceMethodRefusesARequestWithoutTheSessionsToken() throws IOException {
        List<String> unsafe = unsafeResourceMethods();
        assertTrue(unsafe.size() >= 3, "logout, promote, back-merge at least: " + unsafe);
        SignIn alice = SignIn.as("alice");
        String othersToken = SignIn.as("bob").formToken("/");
        Map<String, String> paths = Map.of(
                "AuthResource.logout", "/logout",
                "PromotionResource.promote", "/repos/acme/storefront/promote/staging",
                "PromotionResource.backMerge", "/repos/acme/infra/back-merge/prod");
        assertEquals(paths.keySet().stream().sorted().toList(), unsafe, "every state-changing method is exercised below");
        for (String path : paths.values()) {
            Page.of(alice.request().post(path), 403);
            Page.of(alice.request().formParam("csrf-token", othersToken).post(path), 403);
            Page.of(alice.request().header("X-CSRF-Token", othersToken).header("HX-Request", "true").post(path), 403);
        }
        alice.request().get("/").then().statusCode(200);
    }

    @Test
    void anExpiredFormSaysSoInsideTheSwapNeverAnEmptyBox() {
        SignIn alice = SignIn.as("alice");
        String ended = SignIn.as("alice").formToken("/");
        Response response = alice.request().header("HX-Request", "true").header("X-CSRF-Token", ended)
                .formParam("csrf-token", ended).post("/repos/acme/storefront/promote/staging");
        Page fragment = Page.of(response, 403);
        assertEquals("This page has expired", fragment.one("[role=alert] h1").text());
        assertTrue(fragment.one("[role=alert]").text().contains("Nothing was changed"));
        assertEquals("", fragment.one("a#reload").attr("href"), "reloads the page it is on");
        assertTrue(fragment.all("html > head > title").text().isEmpty() || fragment.all("header.top").isEmpty(),
                "a fragment, not a whole page inside the step");
    }

    @Test
    void theTokenIsTheSameOnEveryPageOfTheSessionSoOpenTabsStayValid() {
        SignIn alice = SignIn.as("alice");
        String first = alice.formToken("/");
        String second = alice.formToken("/repos/acme/storefront");
        assertEquals(first, second);
        assertNotNull(first);
        assertTrue(first.length() >= 40, "256 bits of HMAC");
    }

    @Test
    void pagesHaveNoInlineScriptOrStyle() {
        SignIn alice = SignIn.as("alice");
        for (String path : List.of("/", "/repos/acme/storefront", "/repos/acme/storefront/pending/staging",
                "/repos/acme/storefront/pending/production", "/repos/acme/nope")) {
            Page page = Page.of(alice.request().get(path));
            for (Element script : page.all("script")) {
                assertFalse(script.attr("src").isEmpty(), path + ": inline script " + script);
            }
            assertTrue(page.all("style, [style]").isEmpty(), path + ": inline style");
            for (Element element : page.all("*")) {
                element.attributes().forEach(attribute -> assertFalse(attribute.getKey().startsWith("on"),
                        path + ": event handler attribute " + element));
            }
        }
    }

    private static List<String> unsafeResourceMethods() throws IOException {
        Path classes = Path.of("target/classes");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/promenade"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, SecurityTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.isInterface()) {
                    continue; // GitHub's REST clients: requests Promenade makes, not serves
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(POST.class) || method.isAnnotationPresent(PUT.class)
                            || method.isAnnotationPresent(DELETE.class) || method.isAnnotationPresent(PATCH.class)) {
                        found.add(type.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        return found.stream().sorted().toList();
    }
}
