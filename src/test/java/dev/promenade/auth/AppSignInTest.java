package dev.promenade.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.GitHubAppProfile;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.github.AppInstallations;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Signing in to Promenade as a GitHub App: no scope asked for, user tokens that expire and are
 * refreshed without the user noticing, a refresh GitHub refuses signing the user out, and pull
 * requests opened with the user's own token. Tokens live 20 s here (GitHub's: 8 hours), and are
 * refreshed in their last 8 s (Promenade's: 5 minutes).
 */
@QuarkusTest
@TestProfile(AppSignInTest.ShortTokens.class)
class AppSignInTest {

    static final Duration LIFETIME = Duration.ofSeconds(20);

    public static class ShortTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new GitHubAppProfile().getConfigOverrides());
            config.put("promenade.sandbox.user-token-lifetime", LIFETIME.toString());
            // As dev mode runs as a GitHub App (-Dpromenade.sandbox.mode=app): the App and its key made at start.
            config.remove("promenade.github.app-id");
            config.remove("promenade.github.private-key");
            config.put("promenade.sandbox.mode", "app");
            config.put("quarkus.oidc.token.refresh-token-time-skew", "PT8S");
            return config;
        }
    }

    @Inject
    SandboxWorld sandbox;

    @Inject
    AppInstallations installations;

    /** The repositories are the installation's: listed at start, which may still be under way. */
    @BeforeEach
    void listed() {
        installations.list().toCompletableFuture().join();
    }

    @AfterEach
    void restore() {
        sandbox.restoreTokens();
        sandbox.reset();
    }

    @Test
    void signInAsksForNoScopeAndTheExpiringTokenIsRefreshedWithoutTheUserNoticing() {
        Response start = given().redirects().follow(false).get("/");
        String authorize = start.header("Location");
        // What a GitHub App's user token may do is what both the App and the user may; GitHub ignores
        // scopes for it (Quarkus's GitHub provider still sends user:email): no repo scope is asked for.
        assertEquals("user:email", SignIn.query(authorize).get("scope"));

        Instant signedIn = Instant.now();
        SignIn alice = SignIn.as("alice");
        String session = alice.cookies().get("q_session");
        long refreshes = sandbox.refreshes();
        long refused = sandbox.refusedRequests();

        // A page a second, as someone working: every one answers, past the first token's life.
        await().atMost(LIFETIME.multipliedBy(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Response page = alice.browse("/");
            assertEquals(200, page.statusCode(), "never sent to sign in again");
            return Instant.now().isAfter(signedIn.plus(LIFETIME).plusSeconds(2));
        });

        assertTrue(sandbox.refreshes() > refreshes, "refreshed with the refresh token");
        assertNotEquals(session, alice.cookies().get("q_session"), "the session now holds the new token");
        assertEquals(refused, sandbox.refusedRequests(), "GitHub never saw the expired token");
        assertEquals("alice", Page.of(alice.browse("/"), 200).one("#current-user").text());
    }

    @Test
    void aRefreshGitHubRefusesSignsTheUserOut() {
        SignIn bob = SignIn.as("bob");
        sandbox.refuseRefreshesOf("bob");

        Response[] last = new Response[1];
        await().atMost(LIFETIME.multipliedBy(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = bob.browse("/");
            return last[0].statusCode() != 200;
        });

        assertEquals(302, last[0].statusCode(), "sent to sign in again");
        assertTrue(last[0].header("Location").contains("/sandbox/login/oauth/authorize"), last[0].header("Location"));
        assertFalse(bob.cookies().containsKey("q_session"), "the session cookie is gone");
    }

    @Test
    void promoteOpensThePullRequestAsTheUserNotTheApp() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken("/repos/acme/storefront");

        Response promoted = alice.request().formParam("csrf-token", token).formParam("return", "/repos/acme/storefront")
                .post("/repos/acme/storefront/promote/staging");

        assertEquals(303, promoted.statusCode());
        int number = Integer.parseInt(sandbox.openPullRequests("acme/storefront").get(0).replaceAll(".*#", ""));
        assertEquals("alice", sandbox.pullRequest("acme/storefront", number).orElseThrow().author());
    }
}
