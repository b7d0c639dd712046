package dev.promenade.web;

import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;

/**
 * acme/billing is promoted by squash merges only (see SandboxSeed): what squashes carried is not
 * pending, a real hotfix after them still is a hotfix, and squashing part of the source leaves the
 * rest pending. Every count is checked against Git's own log of the sandbox's branches.
 */
@QuarkusTest
class SquashPromotionTest {

    private static final String BILLING = "acme/billing";

    @Inject
    SandboxWorld sandbox;

    @Inject
    Snapshots snapshots;

    @Inject
    dev.promenade.sandbox.SandboxLimits github;

    @BeforeEach
    void nothingReadYet() {
        snapshots.forgetAll();
    }

    @AfterEach
    void reset() {
        sandbox.reset();
    }

    @Test
    void squashPromotedCommitsAreNotPendingAndTheHotfixAfterThemIsStillOne() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);
        Element billing = page.repository(BILLING);

        Element staging = step(billing, "staging");
        assertEquals(8, sandbox.log(BILLING, "staging", "master").size(), "Git counts every commit of master as missing");
        assertEquals("2", staging.attr("data-pending"));
        assertEquals("pending", staging.attr("data-status"), "squash commits are no hotfixes");
        assertEquals("6 already promoted by squash (#10)", staging.selectFirst(".squash-note").text());
        assertNull(staging.selectFirst("label.confirm"), "nothing to confirm");
        assertEquals("Promote 2 commits to staging", staging.selectFirst("button[data-action=promote]").text());

        Element production = step(billing, "production");
        assertEquals("diverged", production.attr("data-status"));
        assertEquals("1", production.attr("data-pending"));
        assertEquals("1 hotfix only on production", production.selectFirst(".warning").text());
        assertEquals("1 already promoted by squash (#6)", production.selectFirst(".squash-note").text());
    }

    @Test
    void thePendingPageListsWhatIsLeftAndFoldsWhatSquashesCarried() {
        SignIn alice = SignIn.as("alice");
        String master = sandbox.headOf(BILLING, "master").orElseThrow();
        List<String> log = sandbox.log(BILLING, "staging", "master");

        Page page = Page.of(alice.request().get("/repos/acme/billing/pending/staging"), 200);

        assertEquals("Pending into staging (2)", page.one("#pending-heading").text());
        assertEquals(log.subList(6, 8), page.all("#pending li").eachAttr("data-commit"));
        Element folded = page.one("details#squash-promoted");
        assertEquals("6", folded.attr("data-promoted-by-squash"));
        assertEquals(log.subList(0, 6), folded.select("ol.commits li").eachAttr("data-commit"));
        assertEquals(List.of("#5", "#10"), folded.select("h3 a[href*='/pull/']").eachText(), "each group under its squash");
        String pinned = page.one("#pinned-link").val();
        assertTrue(pinned.contains("/compare/" + log.get(5) + "..." + master), "pinned to what is left: " + pinned);
        assertTrue(page.one("#github-compare").attr("href").endsWith("/compare/" + log.get(5) + "..." + master));
        Page still = Page.of(alice.request().get(pinned.substring("http://localhost:8081".length())), 200);
        assertEquals(log.subList(6, 8), still.all("#pending li").eachAttr("data-commit"));
        assertEquals("No commit has landed on master since this link. What is pending now", still.one("#moved-on").text(),
                "the squash base is where the list starts, not a move of staging");
    }

    @Test
    void thePullRequestSaysWhyGitHubListsMoreAndSquashingItLeavesTheStepUpToDate() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken("/repos/acme/billing");
        assertEquals(303, alice.request().formParam("csrf-token", token).formParam("return", "/repos/acme/billing")
                .post("/repos/acme/billing/promote/staging").statusCode());
        SandboxWorld.PullRequestRecord opened = sandbox.pullRequest(BILLING, 13).orElseThrow();
        assertEquals("Promote test → staging (2 commits)", opened.title());
        assertTrue(opened.body().contains("GitHub lists 8 commits in this pull request: 6 of them were promoted already by"
                + " squash merge (last #10)"), opened.body());
        assertEquals(2, opened.body().lines().filter(line -> line.startsWith("- ")).count(), opened.body());

        // The sandbox's pull request page, as someone would click "Squash and merge".
        assertEquals(303, io.restassured.RestAssured.given().redirects().follow(false).formParam("login", "alice")
                .formParam("method", "squash").post("/sandbox/acme/billing/pull/13/merge").statusCode());
        assertTrue(sandbox.pullRequest(BILLING, 13).orElseThrow().merged());
        assertEquals(8, sandbox.log(BILLING, "staging", "master").size(), "squashed: content, not master's commits");
        snapshots.forgetAll();
        Element staging = step(Page.of(alice.request().get("/"), 200).repository(BILLING), "staging");
        assertEquals("up-to-date", staging.attr("data-status"));
        assertEquals("0", staging.attr("data-pending"));
        assertEquals("8 already promoted by squash (#13)", staging.selectFirst(".squash-note").text());
    }

    @Test
    void squashingPartOfTheSourceLeavesTheRestPending() {
        List<String> log = sandbox.log(BILLING, "staging", "master");
        sandbox.resetBranch(BILLING, "release-candidate", log.get(6));
        int number = sandbox.openPullRequest(BILLING, "staging", "release-candidate", "Promote up to proration", "alice");
        assertTrue(sandbox.squash(BILLING, number, "alice"));

        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/billing/pending/staging"), 200);

        assertEquals(List.of(log.get(7)), page.all("#pending li").eachAttr("data-commit"));
        assertEquals("7", page.one("details#squash-promoted").attr("data-promoted-by-squash"));
    }

    @Test
    void aHotfixOnATargetBehindALongBacklogCostsOnePageOfTheNewestPendingCommits() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/repos/acme/ledger"), 200);
        snapshots.forgetAll();
        long plain = graphqlRequestsFor(alice);
        sandbox.push("acme/ledger", "staging", "alice", "Hotfix: lock ledger rows while closing a period");
        snapshots.forgetAll();

        long withHotfix = graphqlRequestsFor(alice);

        Element staging = step(Page.of(alice.request().get("/repos/acme/ledger"), 200).repository("acme/ledger"), "staging");
        assertEquals("diverged", staging.attr("data-status"));
        assertEquals("300", staging.attr("data-pending"), "nothing matched: GitHub's count stands");
        assertEquals(plain + 1, withHotfix, "one look at the newest 100 of the 300 pending commits, not all of them");
    }

    private long graphqlRequestsFor(SignIn user) {
        long before = github.stats().get("graphqlRequests");
        Page.of(user.request().get("/repos/acme/ledger"), 200);
        return github.stats().get("graphqlRequests") - before;
    }
}
