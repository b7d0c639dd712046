package dev.promenade.github;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.GitHubAppProfile;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Budget;
import dev.promenade.pipeline.ChainFile;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RateLimits;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Promenade as a GitHub App, end to end against the sandbox: the repositories come from the
 * installation (limited and ordered by the configured ones), each is read at start with the
 * installation's token with nobody signed in, webhooks are read within 2 s, and repositories
 * joining or leaving the installation, or declaring a chain, change the board without a restart.
 */
@QuarkusTest
@TestProfile(GitHubAppProfile.class)
class AppModeTest {

    static final List<String> CONFIGURED = List.of("acme/storefront", "acme/payments", "acme/docs", "acme/ledger", "acme/infra",
            "acme/billing");

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Inject
    SandboxWorld sandbox;

    @Inject
    Repositories repositories;

    @Inject
    Snapshots snapshots;

    @Inject
    AppInstallations installations;

    @Inject
    RateLimits limits;

    @AfterEach
    void startAgain() {
        sandbox.reset();
        installations.list().toCompletableFuture().join();
    }

    @Test
    void withNobodySignedInEveryRepositoryIsReadAtStartAndEachPushWithinTwoSeconds() {
        await().atMost(Duration.ofSeconds(30)).until(() -> shown().equals(CONFIGURED)
                && repositories.pipelines().stream().allMatch(pipeline -> snapshots.snapshot(pipeline).hasValue()));
        String scraped = scrape();
        for (Pipeline pipeline : repositories.pipelines()) {
            for (Environment target : pipeline.environments().subList(1, pipeline.environments().size())) {
                double pending = value(scraped, "promenade_pending_commits", "environment=\"" + target.name() + "\",repository=\""
                        + pipeline.repository().fullName() + "\"");
                assertFalse(Double.isNaN(pending), pipeline + " into " + target.name());
            }
        }
        double before = value(scraped, "promenade_pending_commits", "environment=\"staging\",repository=\"acme/storefront\"");
        SignIn alice = SignIn.as("alice");
        Page board = Page.of(alice.request().get("/"), 200);

        try (EventStream events = EventStream.open(alice, board.live())) {
            String pushed = sandbox.pushFile("acme/storefront", "master", "carol", "Faster checkout (#40)", "checkout.txt", "faster");

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> value(scrape(),
                    "promenade_pending_commits", "environment=\"staging\",repository=\"acme/storefront\"") == before + 1);
            Element counted = events.next(event -> event.name().equals("repo-acme--storefront")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(2)).element();
            assertEquals(String.valueOf((int) before + 1), Page.step(counted, "staging").attr("data-pending"), "the open page too");
            assertEquals(pushed, Page.environment(counted, "test").attr("data-sha"));
        }
    }

    @Test
    void whatAPageShowsIsReadAgainWithTheInstallationsBudgetNotThePersons() {
        await().atMost(Duration.ofSeconds(30)).until(() -> shown().equals(CONFIGURED)
                && repositories.pipelines().stream().allMatch(pipeline -> snapshots.snapshot(pipeline).hasValue()));
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        int alicesBefore = limits.graphql("alice").map(Budget::remaining).orElse(5000);
        Pipeline storefront = repositories.find(new RepositoryName("acme", "storefront")).orElseThrow();
        java.time.Instant readBefore = snapshots.snapshot(storefront).attemptedAt();
        snapshots.markStale(storefront);

        Page.of(alice.request().get("/"), 200);

        await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.snapshot(storefront).attemptedAt().isAfter(readBefore));
        assertEquals(alicesBefore, limits.graphql("alice").map(Budget::remaining).orElse(5000), "alice's budget is hers");
        assertTrue(limits.graphql(AppInstallations.login(1)).isPresent(), "the installation's was spent");
    }

    @Test
    void aRepositoryLeavingOrJoiningTheInstallationLeavesOrJoinsTheBoardAndItsMetrics() {
        await().atMost(Duration.ofSeconds(30)).until(() -> shown().contains("acme/docs"));
        SignIn alice = SignIn.as("alice");
        alice.request().get("/").then().statusCode(200);

        // As an organisation owner would in the App's settings: the sandbox's page has the button.
        Page sandboxPage = Page.of(given().get("/sandbox/acme/docs"), 200);
        assertEquals("false", sandboxPage.one("#installation input[name=installed]").val());
        given().redirects().follow(false).formParam("installed", "false").post("/sandbox/acme/docs/installation")
                .then().statusCode(303);

        await().atMost(Duration.ofSeconds(5)).until(() -> !shown().contains("acme/docs"));
        assertTrue(Page.of(alice.request().get("/"), 200).all("section.repository[data-repo=\"acme/docs\"]").isEmpty());
        assertFalse(scrape().contains("repository=\"acme/docs\""), "its gauges are gone");
        alice.request().get("/repos/acme/docs").then().statusCode(404);

        sandbox.install("acme/docs", true);

        await().atMost(Duration.ofSeconds(5)).until(() -> shown().equals(CONFIGURED));
        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().contains("repository=\"acme/docs\"")
                && !Double.isNaN(value(scrape(), "promenade_pending_commits", "environment=\"staging\",repository=\"acme/docs\"")));
        Page.of(alice.request().get("/"), 200).repository("acme/docs");
    }

    @Test
    void aChainFileDecidesTheChainAndItsErrorsShowOnTheBoardOnlyToThoseWhoMayReadIt() {
        await().atMost(Duration.ofSeconds(30)).until(() -> shown().equals(CONFIGURED));

        sandbox.pushFile("acme/ledger", "master", "alice", "Our chain", ChainFile.PATH, """
                environments:
                  - name: test
                    branch: master
                  - name: test
                    branch: staging
                  - name: <b>prod</b>
                """);

        await().atMost(Duration.ofSeconds(5)).until(() -> !shown().contains("acme/ledger"));
        Page alices = Page.of(SignIn.as("alice").request().get("/"), 200);
        String said = alices.one("#misconfigured").text();
        assertTrue(said.contains("acme/ledger") && said.contains("environment 'test' appears twice")
                && said.contains("'<b>prod</b>' may hold only letters"), said);
        assertTrue(alices.all("#misconfigured b").isEmpty(), "what the file says is escaped");
        Page bobs = Page.of(SignIn.as("bob").request().get("/"), 200);
        assertTrue(bobs.all("#misconfigured").isEmpty(), "bob may not read acme/ledger, so he does not learn of it");

        sandbox.pushFile("acme/ledger", "master", "alice", "Our chain, fixed", ChainFile.PATH, """
                environments:
                  - name: test
                    branch: master
                  - name: live
                    branch: production
                """);

        await().atMost(Duration.ofSeconds(5)).until(() -> repositories.find(new RepositoryName("acme", "ledger"))
                .map(pipeline -> pipeline.environments().stream().map(Environment::name).toList().equals(List.of("test", "live")))
                .orElse(false));
        assertEquals(CONFIGURED, shown(), "in configured order still");
        Page fixed = Page.of(SignIn.as("alice").request().get("/repos/acme/ledger"), 200);
        Page.step(fixed.repository("acme/ledger"), "live");
    }

    private List<String> shown() {
        return repositories.pipelines().stream().map(pipeline -> pipeline.repository().fullName()).toList();
    }

    private String scrape() {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }

    /** The sample of {@code name} with exactly {@code labels}; NaN when it has none. */
    private static double value(String scraped, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(scraped);
        return sample.find() ? Double.parseDouble(sample.group(1)) : Double.NaN;
    }
}
