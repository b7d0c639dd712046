package dev.promenade.web;

import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.MovableClock;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.sandbox.SandboxFaults;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.oidc.runtime.DefaultTokenIntrospectionUserInfoCache;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** GitHub failing for one repository: the page still renders, says what failed and since when. */
@QuarkusTest
class GitHubFailuresTest {

    @Inject
    SandboxFaults faults;

    @Inject
    SandboxWorld sandbox;

    @Inject
    @CacheName("repository-access")
    Cache accessAnswers;

    /** Where Quarkus keeps GitHub's answer to "who is this token's user?" for a few minutes. */
    @Inject
    DefaultTokenIntrospectionUserInfoCache userInfoCache;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void freshAnswers() {
        QuarkusMock.installMockForType(clock, Clock.class);
        accessAnswers.invalidateAll().await().indefinitely();
    }

    @AfterEach
    void healGitHub() {
        faults.clear();
        sandbox.restoreTokens();
    }

    @Test
    void aServerErrorForOneRepositoryShowsItsLastKnownStateAndTheRestNormally() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        Instant lastRead = clock.instant();

        clock.advance(Duration.ofSeconds(30));
        faults.failWith("acme/storefront", 502);
        Page page = Page.of(alice.request().get("/"), 200);

        Element storefront = page.repository("acme/storefront");
        Element failure = storefront.selectFirst("p.failure");
        assertEquals("UNAVAILABLE", failure.attr("data-failure"));
        assertTrue(failure.text().contains("GitHub answered HTTP 502"), failure.text());
        assertTrue(failure.text().contains("Failing since 2026-11-26 12:00 UTC"), failure.text());
        assertTrue(failure.text().contains("Showing what was known 30 seconds ago"), failure.text());
        assertEquals("pending", step(storefront, "staging").attr("data-status"), "the last known state");
        assertEquals("4", step(storefront, "staging").attr("data-pending"));
        assertEquals(1, page.all("p.failure").size(), "the other repositories are fine");
        assertEquals("up-to-date", step(page.repository("acme/docs"), "staging").attr("data-status"));
        assertTrue(lastRead.isBefore(clock.instant()));
    }

    @Test
    void aRepositoryGitHubDoesNotAnswerForTimesOutAlone() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        faults.hang("acme/payments");

        Page page = Page.of(alice.request().get("/"), 200);

        Element failure = page.repository("acme/payments").selectFirst("p.failure");
        assertEquals("UNAVAILABLE", failure.attr("data-failure"));
        assertTrue(failure.text().contains("GitHub did not answer"), failure.text());
        assertEquals("pending", step(page.repository("acme/storefront"), "staging").attr("data-status"));
    }

    @Test
    void repositoriesAreReadConcurrently() throws Exception {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        faults.hang("acme/storefront");
        faults.hang("acme/payments");

        CompletableFuture<Response> overview = CompletableFuture.supplyAsync(() -> alice.request().get("/"));

        assertTrue(faults.awaitHanging(2, Duration.ofSeconds(10)), "both repositories were asked at the same time");
        faults.clear();
        assertEquals(200, overview.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void anExhaustedRateLimitSaysWhenItResets() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        faults.rateLimit("acme/docs", clock.instant().plus(Duration.ofMinutes(12)));

        Page page = Page.of(alice.request().get("/"), 200);

        Element failure = page.repository("acme/docs").selectFirst("p.failure");
        assertEquals("RATE_LIMITED", failure.attr("data-failure"));
        assertTrue(failure.text().contains("rate limit is exhausted"), failure.text());
        assertTrue(failure.text().contains("The limit resets in 12 minutes (2026-11-26 12:12 UTC)"), failure.text());
    }

    @Test
    void whileGitHubIsDownTheLastAnswerAboutAccessIsUsed() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        clock.advance(Duration.ofMinutes(5));
        faults.failWith("acme/ledger", 503);

        Page page = Page.of(alice.request().get("/"), 200);

        assertEquals("UNAVAILABLE", page.repository("acme/ledger").selectFirst("p.failure").attr("data-failure"));
        assertEquals("300", step(page.repository("acme/ledger"), "staging").attr("data-pending"));
    }

    @Test
    void aRepositoryWhoseAccessWasNeverCheckedIsLeftOutWithoutBeingNamed() {
        SignIn carol = SignIn.as("carol");
        faults.failWith("acme/payments", 500);

        Page page = Page.of(carol.request().get("/"), 200);

        assertEquals(List.of("acme/storefront", "acme/docs", "acme/infra"), page.all("section.repository").eachAttr("data-repo"));
        Element notice = page.one("#unchecked");
        assertTrue(notice.text().startsWith("1 configured repository could not be checked"), notice.text());
        assertTrue(!notice.text().contains("acme/payments"));
    }

    @Test
    void aTokenRevokedDuringTheSessionAsksToSignInAgain() {
        SignIn carol = SignIn.as("carol");
        Page.of(carol.request().get("/"), 200);
        sandbox.revokeTokenOf("carol");
        clock.advance(Duration.ofMinutes(5));

        Page page = Page.of(carol.request().get("/"), 401);

        assertEquals("Sign in again", page.one(".error-message h1").text());
        assertEquals("/logout", page.one(".error-message form").attr("action"));
    }

    @Test
    void aTokenGitHubRefusesWhenTheSessionIsCheckedEndsTheSession() {
        SignIn bob = SignIn.as("bob");
        sandbox.revokeTokenOf("bob");
        userInfoCache.clearCache();

        Response response = bob.request().get("/repos/acme/docs");

        assertEquals(302, response.statusCode());
        assertEquals("/signed-out?reason=github", response.header("Location"));
        assertTrue(response.detailedCookies().asList().stream()
                .anyMatch(cookie -> cookie.getName().startsWith("q_session") && cookie.getMaxAge() == 0));
        Page signedOut = Page.of(io.restassured.RestAssured.given().get("/signed-out?reason=github"), 200);
        assertTrue(signedOut.one("#github-refused").text().startsWith("GitHub no longer accepts your sign-in"));
    }

    @Test
    void aFailingPendingListSaysSoAndKeepsTheLastKnownList() {
        SignIn bob = SignIn.as("bob");
        Page known = Page.of(bob.request().get("/repos/acme/storefront/pending/staging"), 200);
        faults.failWith("acme/storefront", 500);

        Page page = Page.of(bob.request().get("/repos/acme/storefront/pending/staging"), 200);

        assertEquals("UNAVAILABLE", page.one("p.failure").attr("data-failure"));
        assertEquals(Page.commits(known.one("#pending")), Page.commits(page.one("#pending")));
    }
}
