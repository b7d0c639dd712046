package dev.promenade.web;

import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.MovableClock;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.github.GitHubGuards;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxFaults;
import dev.promenade.sandbox.SandboxLimits;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.oidc.runtime.DefaultTokenIntrospectionUserInfoCache;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * GitHub failing: pages still render at once from what was last read, say what failed and since
 * when, and the open page learns of it without a reload.
 */
@QuarkusTest
class GitHubFailuresTest {

    @Inject
    SandboxFaults faults;

    @Inject
    SandboxWorld sandbox;

    @Inject
    SandboxLimits github;

    @Inject
    Snapshots snapshots;

    @Inject
    GitHubGuards guards;

    @Inject
    Catalog catalog;

    @Inject
    @CacheName("repository-access")
    Cache accessAnswers;

    /** Where Quarkus keeps GitHub's answer to "who is this token's user?" for a few minutes. */
    @Inject
    DefaultTokenIntrospectionUserInfoCache userInfoCache;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void freshAnswers() {
        // Each test starts with GitHub trusted again, whatever the last one made it fail.
        CircuitBreakerMaintenance.get().resetAll();
        QuarkusMock.installMockForType(clock, Clock.class);
        accessAnswers.invalidateAll().await().indefinitely();
        snapshots.forgetAll();
    }

    @AfterEach
    void healGitHub() {
        faults.clear();
        sandbox.restoreTokens();
    }

    @Test
    void aRepositoryGitHubFailsForShowsItsLastKnownStateAndTheRestNormally() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);

        clock.advance(Duration.ofSeconds(30));
        faults.failWith("acme/storefront", 500);
        Page stale = Page.of(alice.request().get("/"), 200);
        assertTrue(stale.all("p.failure").isEmpty(), "served at once, before GitHub answers");
        Element storefront;
        Element docsReadAgain;
        try (EventStream events = EventStream.open(alice, stale.live())) {
            storefront = events.block("acme/storefront");
            docsReadAgain = events.freshness("acme/docs");
        }

        Element failure = storefront.selectFirst("p.failure");
        assertEquals("UNAVAILABLE", failure.attr("data-failure"));
        assertTrue(failure.text().contains("GitHub could not read acme/storefront"), failure.text());
        assertTrue(failure.text().contains("Failing since 2026-11-26 12:00 UTC"), failure.text());
        assertTrue(failure.text().contains("Showing what was known 30 seconds ago"), failure.text());
        assertEquals("pending", step(storefront, "staging").attr("data-status"), "the last known state");
        assertEquals("4", step(storefront, "staging").attr("data-pending"));
        assertEquals("2026-11-26T12:00:30Z", docsReadAgain.selectFirst("time").attr("datetime"),
                "the other repositories were read again, and GitHub said the same");
        assertEquals("Updated 1 second ago", docsReadAgain.text());
        assertEquals("up-to-date", step(stale.repository("acme/docs"), "staging").attr("data-status"));
    }

    @Test
    void whileGitHubIsLeftAloneAfterFailingOftenPagesShowTheLastKnownStateAndSinceWhen() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        // GitHub at this host failed to answer half of the last requests: its circuit breaker opens.
        URI github = URI.create(ConfigProvider.getConfig().getValue("promenade.github.api-url", String.class));
        for (int i = 0; i < 20; i++) {
            guards.write(github, () -> Uni.createFrom().failure(new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 500, "HTTP 500")))
                    .onFailure().recoverWithNull().await().indefinitely();
        }
        long asked = sandboxRequests();

        clock.advance(Duration.ofSeconds(30));
        Page stale = Page.of(alice.request().get("/"), 200);
        Element storefront;
        try (EventStream events = EventStream.open(alice, stale.live())) {
            storefront = events.block("acme/storefront");
        }

        Element failure = storefront.selectFirst("p.failure");
        assertEquals("UNAVAILABLE", failure.attr("data-failure"));
        assertTrue(failure.text().contains("GitHub unreachable since 12:00 UTC"), failure.text());
        assertTrue(failure.text().contains("Showing what was known 30 seconds ago"), failure.text());
        assertEquals("4", step(storefront, "staging").attr("data-pending"), "the last known state");
        assertEquals(asked, sandboxRequests(), "GitHub was not asked");
    }

    private long sandboxRequests() {
        return github.stats().get("restRequests") + github.stats().get("graphqlRequests");
    }

    @Test
    void aBatchGitHubTimesOutOnFailsOnlyTheHalfThatTimesOutAgain() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);

        clock.advance(Duration.ofSeconds(30));
        faults.failWith("acme/payments", 502);
        Page stale = Page.of(alice.request().get("/"), 200);

        List<String> failing = new java.util.ArrayList<>();
        List<String> readAgain = new java.util.ArrayList<>();
        Element payments = null;
        try (EventStream events = EventStream.open(alice, stale.live())) {
            for (String repository : List.of("acme/storefront", "acme/payments", "acme/docs", "acme/ledger", "acme/infra")) {
                EventStream.Event event = events.about(repository);
                if (event.name().startsWith("fresh-")) {
                    readAgain.add(repository);
                } else if (event.element().selectFirst("p.failure") != null) {
                    failing.add(repository);
                }
                payments = repository.equals("acme/payments") ? event.element() : payments;
            }
        }
        assertEquals(List.of("acme/storefront", "acme/payments", "acme/docs"), failing, "the half with acme/payments");
        assertEquals(List.of("acme/ledger", "acme/infra"), readAgain, "the other half, read again in halves");
        assertTrue(payments.selectFirst("p.failure").text().contains("GitHub answered HTTP 502"));
    }

    @Test
    void aRepositoryNeverReadThatGitHubFailsForSaysSoWithNothingKnown() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        snapshots.forgetAll();
        faults.failWith("acme/docs", 500);

        Page page = Page.of(alice.request().get("/"), 200);

        Element failure = page.repository("acme/docs").selectFirst("p.failure");
        assertTrue(failure.text().contains("Nothing is known yet"), failure.text());
        assertEquals("error", step(page.repository("acme/docs"), "staging").attr("data-status"));
    }

    @Test
    void aHungGitHubHoldsNoPageUp() throws Exception {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        clock.advance(Duration.ofSeconds(30));
        faults.hang("acme/payments");

        Page stale = Page.of(alice.request().get("/"), 200);

        assertTrue(faults.awaitHanging(1, Duration.ofSeconds(10)), "GitHub is being asked and has not answered");
        assertEquals("pending", step(stale.repository("acme/payments"), "staging").attr("data-status"));
        assertTrue(stale.repository("acme/payments").selectFirst(".freshness").text().contains("reading GitHub again"));
        faults.clear();
    }

    @Test
    void aSecondUsersPageDoesNotWaitForAFirstUsersSlowOne() throws Exception {
        SignIn alice = SignIn.as("alice");
        SignIn bob = SignIn.as("bob");
        faults.hang("acme/storefront");

        CompletableFuture<Response> alices = CompletableFuture.supplyAsync(() -> alice.request().get("/repos/acme/storefront"));
        assertTrue(faults.awaitHanging(1, Duration.ofSeconds(10)), "alice's page waits for GitHub");
        Page bobs = Page.of(bob.request().get("/repos/acme/docs"), 200);

        assertEquals("up-to-date", step(bobs.repository("acme/docs"), "staging").attr("data-status"));
        assertFalse(alices.isDone(), "bob's page was answered while alice's still waited");
        faults.clear();
        assertEquals(200, alices.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void anExhaustedRateLimitStopsRequestsAndSaysUntilWhen() throws Exception {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        clock.advance(Duration.ofSeconds(30));
        faults.rateLimit("acme/docs", clock.instant().plus(Duration.ofMinutes(12)));
        Page.of(alice.request().get("/"), 200);
        snapshots.settled(catalog.pipelines(), Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long asked = github.stats().get("graphqlRequests");

        clock.advance(Duration.ofSeconds(30));
        Page page = Page.of(alice.request().get("/"), 200);

        assertEquals("GitHub refuses your requests until 2026-11-26 12:12 UTC (rate limit): pages show what was last read.",
                page.one("#budget-refused").text());
        assertEquals("up-to-date", step(page.repository("acme/docs"), "staging").attr("data-status"), "what was last read");
        assertFalse(page.repository("acme/docs").selectFirst(".freshness").text().contains("reading"), "nothing is being read");
        assertEquals(asked, github.stats().get("graphqlRequests"), "no request until the limit resets");
        clock.advance(Duration.ofMinutes(12));
        faults.clear();
        Page.of(alice.request().get("/"), 200);
        assertTrue(github.stats().get("graphqlRequests") > asked, "asked again after the reset");
    }

    @Test
    void aRestRateLimitAnswerStopsRestRequestsUntilItResets() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/repos/acme/docs"), 200);
        faults.rateLimit("acme/docs", clock.instant().plus(Duration.ofMinutes(12)));

        Page refused = Page.of(alice.request().get("/repos/acme/docs/history/staging"), 429);
        faults.clear();
        long asked = github.stats().get("restRequests");
        Page again = Page.of(alice.request().get("/repos/acme/docs/history/staging"), 429);

        assertEquals(asked, github.stats().get("restRequests"), "nothing sent until the reset");
        assertTrue(refused.one(".error-message p").text().endsWith("It resets at 2026-11-26 12:12 UTC."),
                refused.one(".error-message p").text());
        assertTrue(again.one(".error-message p").text().endsWith("It resets at 2026-11-26 12:12 UTC."),
                again.one(".error-message p").text());
        clock.advance(Duration.ofMinutes(12));
        Page.of(alice.request().get("/repos/acme/docs/history/staging"), 200);
    }

    @Test
    void whileGitHubIsDownTheLastAnswerAboutAccessIsUsed() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        clock.advance(Duration.ofMinutes(5));
        faults.failWith("acme/ledger", 503);

        Page stale = Page.of(alice.request().get("/"), 200);

        assertEquals("300", step(stale.repository("acme/ledger"), "staging").attr("data-pending"), "still shown");
        Element ledger = stale.repository("acme/ledger");
        if (ledger.selectFirst("p.failure") == null) {
            // The read failed after the page was rendered: the page is told.
            try (EventStream events = EventStream.open(alice, stale.live())) {
                ledger = events.block("acme/ledger");
            }
        }
        assertEquals("UNAVAILABLE", ledger.selectFirst("p.failure").attr("data-failure"));
        assertEquals("300", step(ledger, "staging").attr("data-pending"));
    }

    @Test
    void aRepositoryWhoseAccessWasNeverCheckedIsLeftOutWithoutBeingNamed() {
        SignIn carol = SignIn.as("carol");
        faults.failWith("acme/payments", 500);

        Page page = Page.of(carol.request().get("/"), 200);

        assertEquals(List.of("acme/storefront", "acme/docs", "acme/infra", "acme/billing"),
                page.all("section.repository").eachAttr("data-repo"));
        Element notice = page.one("#unchecked");
        assertTrue(notice.text().startsWith("1 configured repository could not be checked"), notice.text());
        assertTrue(!notice.text().contains("acme/payments"));
    }

    @Test
    void anAccessAnswerGitHubFailedToGiveIsAskedAgainOnTheNextPage() throws Exception {
        SignIn carol = SignIn.as("carol");
        faults.failWith("acme/payments", 500);
        Page.of(carol.request().get("/"), 200);
        faults.clear();
        clock.advance(Duration.ofSeconds(3));

        Page page = Page.of(carol.request().get("/"), 200);

        assertTrue(page.all("section.repository").eachAttr("data-repo").contains("acme/payments"),
                "back at once, not after the access-check TTL");
        assertTrue(page.all("#unchecked").isEmpty());
        snapshots.settled(catalog.pipelines(), Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long answered = github.stats().get("graphqlRequests");
        Page.of(carol.request().get("/"), 200);
        assertEquals(answered, github.stats().get("graphqlRequests"), "then trusted like every answer");
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
        clock.advance(Duration.ofSeconds(30));
        faults.failWith("acme/storefront", 500);

        Page stale = Page.of(bob.request().get("/repos/acme/storefront/pending/staging"), 200);

        try (EventStream events = EventStream.open(bob, stale.live())) {
            Element list = events.next("pending-list").element();
            assertEquals("UNAVAILABLE", list.selectFirst("p.failure").attr("data-failure"));
            assertEquals(Page.commits(known.one("#pending")), Page.commits(list.selectFirst("#pending")));
        }
    }

}
