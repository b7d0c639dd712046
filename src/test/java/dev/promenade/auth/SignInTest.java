package dev.promenade.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.sandbox.SandboxFaults;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SignInTest {

    @Inject
    SandboxWorld sandbox;

    @Inject
    SandboxFaults faults;

    @AfterEach
    void healGitHub() {
        faults.clear();
    }

    @Test
    void everyPageSendsAnonymousVisitorsToGitHubsAuthorizePage() {
        for (String path : new String[] { "/", "/repos/acme/storefront", "/repos/acme/storefront/pending/staging",
                "/repos/nobody/nothing", "/no/such/page" }) {
            Response response = given().redirects().follow(false).get(path);

            assertEquals(302, response.statusCode(), path);
            String location = response.header("Location");
            assertTrue(location.startsWith("http://localhost:8081/sandbox/login/oauth/authorize?"), location);
            Map<String, String> query = SignIn.query(location);
            assertEquals("code", query.get("response_type"));
            assertEquals("promenade-sandbox", query.get("client_id"));
            assertEquals("repo", query.get("scope"));
            assertEquals("http://localhost:8081/auth/callback", query.get("redirect_uri"));
            assertEquals("S256", query.get("code_challenge_method"), "PKCE");
            assertTrue(query.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), query.get("code_challenge"));
            assertNotNull(response.cookie("q_auth_" + query.get("state")), "the state is kept in a cookie");
        }
    }

    @Test
    void signingInReturnsToTheDeepLinkFirstAskedFor() {
        Response start = given().redirects().follow(false).get("/repos/acme/storefront/pending/staging");
        Map<String, String> authorize = SignIn.query(start.header("Location"));

        Page signInPage = Page.of(given().urlEncodingEnabled(false).get(start.header("Location")), 200);
        assertEquals(List.of("alice", "bob", "carol"), signInPage.all("button[name=login]").eachAttr("value").subList(0, 3),
                "the demo's three people first; more of the team below");
        assertEquals(authorize.get("state"), signInPage.one("input[name=state]").val());

        Response grant = given().redirects().follow(false)
                .queryParam("client_id", authorize.get("client_id"))
                .queryParam("redirect_uri", authorize.get("redirect_uri"))
                .queryParam("state", authorize.get("state"))
                .queryParam("login", "carol")
                .get("/sandbox/login/oauth/grant");
        assertEquals(302, grant.statusCode());
        Map<String, String> back = SignIn.query(grant.header("Location"));
        assertEquals(authorize.get("state"), back.get("state"));
        assertNotNull(back.get("code"));

        Response callback = given().redirects().follow(false).urlEncodingEnabled(false).cookies(start.cookies())
                .get(grant.header("Location"));
        assertEquals(302, callback.statusCode());
        assertEquals("http://localhost:8081/repos/acme/storefront/pending/staging", callback.header("Location"));

        Page page = Page.of(given().cookies(callback.cookies()).get("/repos/acme/storefront/pending/staging"), 200);
        assertEquals("carol", page.one("#current-user").text());
        assertEquals("http://localhost:8081/sandbox/avatars/u/1003", page.one("nav.account img.avatar").attr("src"));
    }

    @Test
    void aCallbackWithAForeignStateSignsNobodyIn() {
        Response start = given().redirects().follow(false).get("/");
        Map<String, String> authorize = SignIn.query(start.header("Location"));
        Response grant = given().redirects().follow(false)
                .queryParam("client_id", authorize.get("client_id"))
                .queryParam("redirect_uri", authorize.get("redirect_uri"))
                .queryParam("state", "forged-state")
                .queryParam("login", "alice")
                .get("/sandbox/login/oauth/grant");

        Response callback = given().redirects().follow(false).urlEncodingEnabled(false).cookies(start.cookies())
                .get(grant.header("Location"));

        assertTrue(callback.cookies().keySet().stream().noneMatch(name -> name.startsWith("q_session")));
        assertEquals(302, callback.statusCode());
        assertTrue(callback.header("Location").startsWith("http://localhost:8081/sandbox/login/oauth/authorize?"),
                "back to sign-in, not into the application");
    }

    @Test
    void aCodeAskedForWithAnotherChallengeSignsNobodyIn() {
        // Someone else's code (issued for their own PKCE challenge) slipped into this browser's callback.
        Response start = given().redirects().follow(false).get("/");
        Map<String, String> authorize = SignIn.query(start.header("Location"));
        Response grant = given().redirects().follow(false)
                .queryParam("client_id", authorize.get("client_id"))
                .queryParam("redirect_uri", authorize.get("redirect_uri"))
                .queryParam("state", authorize.get("state"))
                .queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                .queryParam("code_challenge_method", "S256")
                .queryParam("login", "bob")
                .get("/sandbox/login/oauth/grant");
        assertEquals(302, grant.statusCode());

        Response callback = given().redirects().follow(false).urlEncodingEnabled(false).cookies(start.cookies())
                .get(grant.header("Location"));

        assertTrue(callback.cookies().keySet().stream().noneMatch(name -> name.startsWith("q_session")),
                "the verifier of this browser's sign-in does not answer that challenge");
        assertTrue(callback.statusCode() == 401 || callback.statusCode() == 302, "refused: " + callback.statusCode());
    }

    @Test
    void signingOutNeedsTheSessionsCsrfTokenAndEndsTheSession() {
        SignIn alice = SignIn.as("alice");
        Page overview = Page.of(alice.request().get("/"), 200);
        String token = overview.one("nav.account form input[type=hidden]").val();
        String tokenField = overview.one("nav.account form input[type=hidden]").attr("name");
        String otherSessions = SignIn.as("alice").formToken("/");

        Page forged = Page.of(alice.request().formParam(tokenField, "forged").post("/logout"), 403);
        assertEquals("This page has expired", forged.one("h1").text());
        alice.request().post("/logout").then().statusCode(403);
        alice.request().formParam(tokenField, otherSessions).post("/logout").then().statusCode(403);
        alice.request().get("/").then().statusCode(200);

        int revokedBefore = sandbox.revocationsOf("alice");
        Response logout = alice.request().formParam(tokenField, token).post("/logout");
        assertEquals(303, logout.statusCode());
        assertTrue(logout.header("Location").endsWith("/signed-out"));
        assertEquals(revokedBefore + 1, sandbox.revocationsOf("alice"), "the token was revoked at GitHub");

        given().redirects().follow(false).cookies(logout.cookies()).get("/")
                .then().statusCode(302).header("Location", startsWith("http://localhost:8081/sandbox/login/oauth/authorize"));
        given().get("/signed-out").then().statusCode(200).body(containsString("You are signed out"));
    }

    @TestHTTPResource(value = "/health", management = true)
    URL health;

    @Test
    void healthChecksAndStaticAssetsNeedNoSignIn() {
        given().get(health + "/ready").then().statusCode(200);
        given().get(health + "/live").then().statusCode(200);
        // operations endpoints live on the management port only, never beside the pages
        given().redirects().follow(false).get("/q/health/ready").then().statusCode(not(200));
        given().redirects().follow(false).get("/q/metrics").then().statusCode(not(200));
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200).body(containsString("htmx"));
        given().get("/webjars/htmx-ext-sse/sse.js").then().statusCode(200).body(containsString("sse"));
        given().get("/static/promenade.css").then().statusCode(200);
    }

    @Test
    void everyPageShowsTheSandboxBannerAndLoadsHtmx() {
        Page page = Page.of(SignIn.as("bob").request().get("/"), 200);

        assertTrue(page.one("#sandbox-banner").text().startsWith("Sandbox — not connected to GitHub"));
        String htmx = page.one("script[src*=htmx.org]").attr("src");
        assertTrue(htmx.startsWith("/webjars/htmx.org/dist/htmx.min.js?v="), htmx);
        given().get(htmx).then().statusCode(200);
    }

    @Test
    void whenGitHubDoesNotRevokeTheTokenTheSessionStillEndsAndThePageSaysWhereToRevokeIt() {
        SignIn bob = SignIn.as("bob");
        String token = bob.formToken("/");
        faults.failRevocations();

        Response logout = bob.request().formParam("csrf-token", token).post("/logout");

        assertEquals(303, logout.statusCode());
        assertTrue(logout.header("Location").endsWith("/signed-out?revoked=no"), logout.header("Location"));
        given().redirects().follow(false).cookies(logout.cookies()).get("/").then().statusCode(302);
        Page page = Page.of(given().get(logout.header("Location").replace("http://localhost:8081", "")), 200);
        assertTrue(page.one("#not-revoked").text().contains("Authorized OAuth Apps"));
    }

}
