package dev.promenade.github;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.SignIn;
import dev.promenade.github.FaultyGitHub.Fault;
import dev.promenade.github.FaultyGitHub.Target;
import dev.promenade.pipeline.RateLimits;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.TestProfile;
import dev.promenade.MovableClock;
import java.time.Clock;
import java.time.Instant;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Every page, and Promote, while GitHub fails in each way it can: 401, 403, 404, 409, 422, rate
 * limits (403 with reset, 429 with retry-after), 500, 502, 503, 504, no answer, malformed JSON, a
 * cut-off body, a dropped connection. Pages render, say what failed and keep what was last read;
 * a promotion opens at most one pull request and says truthfully whether it did.
 */
@QuarkusTest
@TestProfile(GitHubFaultsTest.Faulty.class)
class GitHubFaultsTest {

    public static class Faulty implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FaultyGitHub.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Every page load reads GitHub again in the background: the fault is met at once, what was read before shown.
            return Map.of("promenade.refresh-after", "PT0S", "promenade.access-check-ttl", "PT0S");
        }
    }

    /** Faults after which GitHub may have done the work anyway. */
    private static final Set<Fault> UNANSWERED = EnumSet.of(Fault.SERVER_ERROR, Fault.BAD_GATEWAY, Fault.UNAVAILABLE,
            Fault.GATEWAY_TIMEOUT, Fault.TIMEOUT, Fault.MALFORMED_JSON, Fault.TRUNCATED_BODY, Fault.CONNECTION_DROPPED);

    @Inject
    SandboxWorld sandbox;

    @Inject
    Snapshots snapshots;

    @Inject
    RateLimits limits;

    @BeforeEach
    @AfterEach
    void healGitHub() {
        FaultyGitHub.clear();
        CircuitBreakerMaintenance.get().resetAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> limits.refusedUntil("alice") == null);
    }

    @Test
    void everyPageRendersWhatWasLastReadAndSaysWhatFailed() {
        List<String> wrong = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            if (fault == Fault.NONE) {
                continue;
            }
            healGitHub();
            snapshots.forgetAll();
            SignIn alice = SignIn.as("alice");
            String compare = "/repos/acme/storefront/compare/" + sandbox.headOf("acme/storefront", "staging").orElseThrow() + "..."
                    + sandbox.headOf("acme/storefront", "master").orElseThrow();
            List<String> pages = List.of("/", "/repos/acme/storefront", "/repos/acme/storefront/pending/staging",
                    "/repos/acme/ledger/pending/staging?page=2", compare, "/repos/acme/storefront/history/staging");
            for (String page : pages) {
                assertEquals(200, alice.request().get(page).statusCode(), "read while GitHub answers: " + page);
            }

            FaultyGitHub.set(fault, Target.REPOSITORIES);
            for (String page : pages) {
                Response response = alice.request().get(page);
                Document html = Jsoup.parse(response.body().asString());
                boolean data = !html.select("[data-pending], #pending li, .history, #history").isEmpty();
                boolean told = !html.select("[role=alert]").isEmpty();
                // Once GitHub refused the token, the session's next page sends its user to sign in again.
                boolean signedOut = fault == Fault.UNAUTHORIZED && response.statusCode() == 302
                        && "/signed-out?reason=github".equals(response.header("Location"));
                if (signedOut) {
                    continue;
                }
                if (response.statusCode() >= 500 && response.statusCode() != 502 && response.statusCode() != 503
                        || !(data || told) || (response.statusCode() == 200 && !data)) {
                    wrong.add(fault + " " + page + ": " + response.statusCode() + (data ? " with data" : "") + (told ? " told" : ""));
                }
            }
            if (fault != Fault.UNAUTHORIZED) {
                // The overview's storefront block, once the background read met the fault: the last state, and why not newer.
                try {
                    boolean limited = fault == Fault.RATE_LIMIT_403 || fault == Fault.RATE_LIMIT_429;
                    await().atMost(Duration.ofSeconds(15)).until(() -> {
                        Document overview = Jsoup.parse(alice.request().get("/").body().asString());
                        Element block = overview.selectFirst("section.repository[data-repo=acme/storefront]");
                        // A rate limit is the user's, not the repository's: the footer says until when.
                        boolean failure = limited ? overview.selectFirst("#budget-refused") != null
                                : block != null && block.selectFirst("p.failure") != null;
                        return failure && block != null
                                && "4".equals(block.selectFirst("li.step[data-step=staging]").attr("data-pending"));
                    });
                } catch (RuntimeException | AssertionError e) {
                    wrong.add(fault + " /: no failure shown beside the last known state");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void whileGitHubFailsEveryPageShowsTheLastKnownStateForTheGraceThenSaysItCannotCheckAccess() {
        MovableClock clock = new MovableClock(Instant.now());
        QuarkusMock.installMockForType(clock, Clock.class);
        snapshots.forgetAll();
        SignIn alice = SignIn.as("alice");
        String pinned = "/repos/acme/storefront/compare/" + sandbox.headOf("acme/storefront", "staging").orElseThrow() + "..."
                + sandbox.headOf("acme/storefront", "master").orElseThrow();
        List<String> pages = List.of("/", "/repos/acme/storefront", "/repos/acme/storefront/pending/staging", pinned);
        pages.forEach(page -> assertEquals(200, alice.request().get(page).statusCode(), page));

        FaultyGitHub.set(Fault.GATEWAY_TIMEOUT, Target.REPOSITORIES);
        clock.advance(Duration.ofMinutes(14));
        for (String page : pages) {
            Response response = alice.request().get(page);
            Document html = Jsoup.parse(response.body().asString());
            assertEquals(200, response.statusCode(), "within the outage grace: " + page);
            assertFalse(html.select("[data-pending], #pending li").isEmpty(), "the last known state: " + page);
        }

        clock.advance(Duration.ofMinutes(2));
        for (String page : pages) {
            Response response = alice.request().get(page);
            Document html = Jsoup.parse(response.body().asString());
            assertEquals(503, response.statusCode(), "past the outage grace: " + page);
            assertEquals("Cannot check your access", html.selectFirst("h1").text(), page);
            assertTrue(html.selectFirst(".error-message p").text().contains("(15 minutes)"), html.selectFirst(".error-message p").text());
            assertTrue(html.select("[data-pending], #pending li").isEmpty(), "nothing about the repositories: " + page);
        }
    }

    @Test
    void aPromotionUnderEveryFaultOpensAtMostOnePullRequestAndSaysWhetherItDid() {
        List<String> wrong = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (Target target : List.of(Target.REPOSITORIES, Target.CREATE_BEFORE, Target.CREATE_AFTER)) {
                if (fault == Fault.NONE || (target == Target.CREATE_AFTER && !UNANSWERED.contains(fault))) {
                    continue;
                }
                healGitHub();
                sandbox.reset();
                snapshots.forgetAll();
                SignIn alice = SignIn.as("alice");
                String token = alice.formToken("/repos/acme/storefront");

                FaultyGitHub.set(fault, target);
                Response response = alice.request().header("HX-Request", "true").header("X-CSRF-Token", token)
                        .formParam("csrf-token", token).formParam("return", "/repos/acme/storefront")
                        .post("/repos/acme/storefront/promote/staging");
                FaultyGitHub.clear();

                List<String> open = sandbox.openPullRequests("acme/storefront");
                Element notice = Jsoup.parse(response.body().asString()).selectFirst(".notice, [role=alert]");
                String said = notice == null ? "" : notice.text();
                boolean saysOpened = said.contains("#16");
                boolean saysNothing = said.toLowerCase().contains("nothing was created") || said.contains("Sign out")
                        || said.contains("sign in again") || said.contains("write access");
                boolean saysUnsure = said.contains("did not say afterwards whether it opened");
                String what = fault + " on " + target + ": " + response.statusCode() + " \"" + said + "\" with " + open;
                if (open.size() > 1 || response.statusCode() == 500 || (open.size() == 1 && !(saysOpened || saysUnsure))
                        || (open.isEmpty() && !(saysNothing || saysUnsure))) {
                    wrong.add(what);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
