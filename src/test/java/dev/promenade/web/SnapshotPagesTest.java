package dev.promenade.web;

import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.MovableClock;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxFaults;
import dev.promenade.sandbox.SandboxLimits;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Pages from the shared snapshots: served without asking GitHub while fresh, served at once and
 * read again in the background once stale (one read, however many look), first reads waited for
 * only until the page deadline; what it costs, counted by the sandbox's GitHub.
 */
@QuarkusTest
class SnapshotPagesTest {

    @Inject
    Snapshots snapshots;

    @Inject
    Catalog catalog;

    @Inject
    SandboxWorld sandbox;

    @Inject
    SandboxFaults faults;

    @Inject
    SandboxLimits github;

    @Inject
    @CacheName("repository-access")
    Cache accessAnswers;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void nothingKnown() {
        // Each test starts with GitHub trusted again, whatever the last one made it fail.
        CircuitBreakerMaintenance.get().resetAll();
        QuarkusMock.installMockForType(clock, Clock.class);
        accessAnswers.invalidateAll().await().indefinitely();
        snapshots.forgetAll();
    }

    @AfterEach
    void forgetChanges() {
        faults.clear();
        sandbox.reset();
    }

    @Test
    void aReloadWithinRefreshAfterAsksGitHubNothing() {
        SignIn alice = SignIn.as("alice");
        Page first = Page.of(alice.request().get("/"), 200);
        long asked = requests();
        clock.advance(Duration.ofSeconds(14));

        Page again = Page.of(alice.request().get("/"), 200);

        assertEquals(asked, requests(), "neither the access nor the repositories asked for again");
        for (Element repository : again.all("section.repository")) {
            assertEquals("2026-11-26T12:00:00Z", repository.attr("data-updated"), repository.attr("data-repo"));
        }
        assertEquals(first.all("[data-pending]").eachAttr("data-pending"), again.all("[data-pending]").eachAttr("data-pending"));
        assertEquals("Updated 14 seconds ago", again.repository("acme/docs").selectFirst(".freshness").text());
    }

    @Test
    void aStaleSnapshotIsShownAtOnceWithItsAgeThenReadAgainInTheBackground() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        sandbox.push("acme/storefront", "master", "carol", "Add wish lists (#17)");
        clock.advance(Duration.ofSeconds(40));
        long asked = requests();

        Page stale = Page.of(alice.request().get("/"), 200);

        Element storefront = stale.repository("acme/storefront");
        assertEquals("4", step(storefront, "staging").attr("data-pending"), "what was known, at once");
        assertEquals("Updated 40 seconds ago; reading GitHub again…", storefront.selectFirst(".freshness").text());
        Element read;
        try (EventStream events = EventStream.open(alice, stale.live())) {
            read = events.block("acme/storefront");
        }
        assertEquals("repo-acme--storefront", read.attr("sse-swap"), "swapped into the open page");
        assertEquals("5", step(read, "staging").attr("data-pending"));
        assertEquals("2026-11-26T12:00:40Z", read.attr("data-updated"));
        assertEquals(2, requests() - asked, "the state of the five repositories, then the one step that moved");
    }

    @Test
    void howeverManyLookAtAStaleSnapshotItIsReadOnce() throws Exception {
        List<SignIn> users = List.of(SignIn.as("alice"), SignIn.as("bob"), SignIn.as("carol"), SignIn.as("dave"));
        users.forEach(user -> Page.of(user.request().get("/"), 200));
        clock.advance(Duration.ofSeconds(40));
        faults.hang("acme/storefront");
        long asked = requests();

        List<Page> pages = users.stream().map(user -> Page.of(user.request().get("/"), 200)).toList();

        assertTrue(faults.awaitHanging(1, Duration.ofSeconds(10)));
        pages.forEach(page -> assertTrue(page.repository("acme/storefront").selectFirst(".freshness").text()
                .contains("reading GitHub again"), "every page served, while the one read goes on"));
        faults.clear();
        snapshots.settled(catalog.pipelines(), Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(requests() - asked <= 3, "one read (a hung batch is tried again in halves): " + (requests() - asked));
    }

    @Test
    void tenUsersSigningInAtOnceCostTheirAccessAndOneSharedRead() throws Exception {
        List<SignIn> users = new ArrayList<>();
        for (String login : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy")) {
            users.add(SignIn.as(login));
        }
        long asked = requests();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> pages = users.stream().map(user -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return user.request().get("/");
        })).toList();
        start.countDown();

        for (CompletableFuture<Response> page : pages) {
            assertEquals(200, page.get(30, TimeUnit.SECONDS).statusCode());
        }
        long spent = requests() - asked;
        // Reads start beside the access checks: two of the nine who may not read the private acme/ledger can
        // claim it at the same moment (GitHub's NOT_FOUND tells who may not read it, not what is there).
        assertTrue(spent >= 11 && spent <= 13,
                "ten access checks, one read of the five repositories (and acme/ledger again as one who may read it): " + spent);
    }

    @Test
    void theFooterShowsTheBudgetGitHubReports() {
        Page page = Page.of(SignIn.as("bob").request().get("/"), 200);

        String left = page.one("#budget-graphql").text();
        assertTrue(left.matches("4,9\\d\\d of 5,000 GraphQL points left"), left);
        assertTrue(page.one("#budget").text().contains("resets 2026-11-26 13:00 UTC"), page.one("#budget").text());
    }

    @Test
    void aUserWithLittleBudgetLeftRefreshesNothingInTheBackground() {
        SignIn erin = SignIn.as("erin");
        github.spendGraphQL("erin", 4600);
        Page first = Page.of(erin.request().get("/"), 200);
        assertEquals("Less than 10 % of your GitHub budget is left: background refreshes with your account are paused until"
                + " 2026-11-26 13:00 UTC.", first.one("#budget-paused").text());
        clock.advance(Duration.ofSeconds(40));
        long asked = requests();

        Page stale = Page.of(erin.request().get("/"), 200);

        assertEquals(asked, requests());
        assertEquals("Updated 40 seconds ago", stale.repository("acme/docs").selectFirst(".freshness").text());
    }

    @Test
    void aRepositoryGitHubIsSlowToReadFirstShowsAsLoadingAtTheDeadlineAndFillsItselfIn() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        snapshots.forgetAll();
        faults.hang("acme/docs");

        Page page = Page.of(alice.request().get("/"), 200);

        Element docs = page.repository("acme/docs");
        assertEquals("Reading GitHub…", docs.selectFirst(".freshness").text());
        assertEquals("", docs.attr("data-updated"));
        assertFalse(docs.select("[data-status=error]").isEmpty(), "nothing known of its steps yet");
        faults.clear();
        try (EventStream events = EventStream.open(alice, page.live())) {
            assertEquals("up-to-date", step(events.block("acme/docs"), "staging").attr("data-status"));
        }
    }

    private long requests() {
        return github.stats().get("restRequests") + github.stats().get("graphqlRequests");
    }
}
