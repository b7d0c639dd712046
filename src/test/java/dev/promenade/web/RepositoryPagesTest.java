package dev.promenade.web;

import static dev.promenade.Page.commits;
import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxLimits;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class RepositoryPagesTest {

    @Inject
    SandboxWorld sandbox;

    @Inject
    SandboxLimits limits;

    /** What Promenade has read of GitHub: forgotten before each test, as the sandbox is reset after each. */
    @Inject
    Snapshots snapshots;

    @BeforeEach
    void nothingReadYet() {
        snapshots.forgetAll();
    }

    @Test
    void theRepositoryPageShowsTheFirstPendingCommitsOfEachStep() {
        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/ledger"), 200);

        List<String> all = sandbox.log("acme/ledger", "staging", "master");
        assertEquals(all.subList(0, 10), commits(page.one("#pending-staging")));
        assertEquals("All 300 commits pending into staging", page.one("#all-pending-staging").text());
        assertEquals("/repos/acme/ledger/pending/staging", page.one("#all-pending-staging").attr("href"));
        assertEquals("300", step(page.repository("acme/ledger"), "staging").attr("data-pending"));
    }

    @Test
    void thePendingPageListsEveryCommitBeyondGitHubs250InGitHubsOrderAPageAtATime() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/repos/acme/ledger"), 200);
        List<String> all = sandbox.log("acme/ledger", "staging", "master");
        assertEquals(300, all.size());
        List<String> listed = new ArrayList<>();
        String next = "/repos/acme/ledger/pending/staging";
        for (int number = 1; next != null; number++) {
            long asked = restRequests();
            Page page = Page.of(alice.request().get(next), 200);
            assertTrue(restRequests() - asked <= 1, "one GitHub request per page at most, however long the list");
            List<String> onPage = commits(page.one("#pending"));
            assertEquals(100, onPage.size());
            listed.addAll(onPage);
            Element range = page.one("#pages .range");
            assertEquals(String.valueOf(number), range.attr("data-page"));
            assertEquals("3", range.attr("data-pages"));
            assertEquals("300", page.one("li.step").attr("data-pending"));
            next = page.all("#pages a[rel=next]").isEmpty() ? null : page.one("#pages a[rel=next]").attr("href");
        }
        assertEquals(all, listed, "GitHub's order, oldest first, nothing skipped or repeated");
        Page last = Page.of(alice.request().get("/repos/acme/ledger/pending/staging?page=3"), 200);
        assertEquals("Ledger change 300", last.one("#pending li:last-child .headline").text(), "the number once, as the link");
        assertEquals("Pending into staging (300)", last.one("#pending-heading").text());
        assertEquals("http://localhost:8081/sandbox/acme/ledger/compare/" + sandbox.headOf("acme/ledger", "staging").orElseThrow()
                + "..." + sandbox.headOf("acme/ledger", "master").orElseThrow(), last.one("#github-compare").attr("href"));
        assertEquals(2, last.all("button.copy[hidden]").size(), "copy buttons, shown by the script where it can copy");
        assertEquals("#400", last.one("#pending li:last-child a.pull-request").text());
        assertEquals("Commits 201–300 of 300, oldest first · page 3 of 3", last.one("#pages .range").text());
        assertEquals("/repos/acme/ledger/pending/staging?page=2", last.one("#pages a[rel=prev]").attr("href"));
    }

    @Test
    void everyPageHasOneMainHeading() {
        SignIn alice = SignIn.as("alice");
        assertEquals("acme/storefront", Page.of(alice.request().get("/repos/acme/storefront"), 200).one("h1").text());
        for (String path : List.of("/", "/repos/acme/storefront/pending/staging", "/repos/acme/storefront/history/staging",
                "/repos/acme/nope")) {
            Page page = Page.of(alice.request().get(path));
            assertEquals(1, page.all("h1").size(), path);
        }
    }

    @Test
    void aDivergedStepsPendingPageHeadsBothListsWithTheirCounts() {
        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/payments/pending/production"), 200);
        assertEquals("Only on production (1)", page.one("#hotfixes-heading").text());
        assertEquals(1, page.all("#hotfixes li").size());
        String pending = page.one("li.step").attr("data-pending");
        assertEquals("Pending into production (" + pending + ")", page.one("#pending-heading").text());
    }

    @Test
    void aPageNumberThatIsNoPageIsAClearFourHundredSomething() {
        SignIn alice = SignIn.as("alice");
        for (String path : List.of("/repos/acme/ledger/pending/staging", "/repos/acme/storefront/compare/"
                + sandbox.headOf("acme/storefront", "staging").orElseThrow() + "..."
                + sandbox.headOf("acme/storefront", "master").orElseThrow())) {
            Page.of(alice.request().get(path + "?page=4"), 404);
            for (String page : List.of("0", "-1", "abc", "99999999999", "1e3", "%2F", "1.5")) {
                Page refused = Page.of(alice.request().urlEncodingEnabled(false).get(path + "?page=" + page), 400);
                assertEquals("page is a page number: 1, 2, 3…", refused.one("[role=alert] p").text(), page);
            }
        }
    }

    @Test
    void commitsShowAuthorsPullRequestsAndEscapedMessages() {
        Response response = SignIn.as("bob").request().get("/repos/acme/storefront/pending/staging");
        Page page = Page.of(response, 200);

        assertEquals(sandbox.log("acme/storefront", "staging", "master"), commits(page.one("#pending")));
        Element escaped = page.one("#pending li:first-child");
        assertEquals("Escape <script>alert(\"gotcha\")</script> & other markup in product titles",
                escaped.selectFirst(".headline").text());
        assertEquals("Build Bot", escaped.selectFirst(".author").text(), "no GitHub account: the author's name");
        assertTrue(escaped.select("script").isEmpty());
        assertFalse(response.body().asString().contains("<script>alert"));
        assertTrue(response.body().asString().contains("&lt;script&gt;alert"));

        Element bump = page.one("#pending li:nth-child(2)");
        assertEquals("dependabot[bot]", bump.selectFirst(".author").text());
        assertEquals("#14", bump.selectFirst("a.pull-request").text());
        assertEquals("http://localhost:8081/sandbox/acme/storefront/pull/14", bump.selectFirst("a.pull-request").attr("href"));
        Element merge = page.one("#pending li:last-child");
        assertEquals("#15", merge.selectFirst("a.pull-request").text());
        assertTrue(merge.hasClass("merge"));
    }

    @Test
    void aDivergedStepShowsTheHotfixOnTheTarget() {
        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/payments/pending/production"), 200);

        assertEquals("diverged", page.one("li.step").attr("data-status"));
        assertEquals(sandbox.log("acme/payments", "staging", "production"), commits(page.one("#hotfixes")));
        assertTrue(page.one("#hotfix-warning").text().contains("production has 1 commit staging lacks"));
        assertEquals(sandbox.log("acme/payments", "production", "staging"), commits(page.one("#pending")));
    }

    @Test
    void branchNamesWithSlashesWork() {
        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/infra/pending/prod"), 200);

        assertEquals("behind", page.one("li.step").attr("data-status"));
        assertEquals("0", page.one("li.step").attr("data-pending"));
        assertTrue(commits(page.one("#pending")).isEmpty());
        assertEquals(List.of(sandbox.headOf("acme/infra", "release/prod").orElseThrow()), commits(page.one("#hotfixes")));
    }

    @Test
    void mergeCommitsOfEarlierPromotionsAreNotHotfixes() {
        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/storefront/pending/production"), 200);

        assertEquals("pending", page.one("li.step").attr("data-status"));
        assertEquals("2", page.one("li.step").attr("data-pending"));
        assertTrue(page.all("#hotfixes").isEmpty());
    }

    @Test
    void eachPendingCommitShowsWhatCiSaysOfIt() {
        SignIn alice = SignIn.as("alice");
        String master = sandbox.headOf("acme/storefront", "master").orElseThrow();
        String staging = sandbox.headOf("acme/storefront", "staging").orElseThrow();
        Page intoStaging = Page.of(alice.request().get("/repos/acme/storefront/pending/staging"), 200);
        assertEquals("success", intoStaging.one("#pending li[data-commit=" + master + "] [data-checks]").attr("data-checks"));
        assertEquals("checks passed", intoStaging.one("#pending li[data-commit=" + master + "] [data-checks]").text());
        Page intoProduction = Page.of(alice.request().get("/repos/acme/storefront/pending/production"), 200);
        assertEquals("failure", intoProduction.one("#pending li[data-commit=" + staging + "] [data-checks]").attr("data-checks"));

        try {
            String unreported = sandbox.push("acme/storefront", "master", "carol", "Not built yet");
            snapshots.forgetAll();
            Page pushed = Page.of(alice.request().get("/repos/acme/storefront/pending/staging"), 200);
            assertEquals(1, pushed.all("#pending li[data-commit=" + unreported + "]").size());
            assertTrue(pushed.all("#pending li[data-commit=" + unreported + "] [data-checks]").isEmpty(),
                    "a commit CI never reported on shows nothing");
        } finally {
            sandbox.resetBranch("acme/storefront", "master", master);
        }
    }

    @Test
    void thePinnedLinkKeepsShowingWhatTheSenderSawAfterTheBranchMoves() {
        SignIn alice = SignIn.as("alice");
        String masterBefore = sandbox.headOf("acme/docs", "master").orElseThrow();
        String staging = sandbox.headOf("acme/docs", "staging").orElseThrow();
        try {
            String first = sandbox.push("acme/docs", "master", "carol", "Explain rollbacks (#21)");
            snapshots.forgetAll();
            Page live = Page.of(alice.request().get("/repos/acme/docs/pending/staging"), 200);
            assertEquals("http://localhost:8081/repos/acme/docs/pending/staging", live.one("#live-link").val());
            String pinned = live.one("#pinned-link").val();
            assertEquals("http://localhost:8081/repos/acme/docs/compare/" + staging + "..." + first + "?step=staging&made="
                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC), pinned);
            Page fresh = Page.of(alice.request().get(pinned.substring("http://localhost:8081".length())), 200);
            assertEquals("acme/docs: test → staging, pinned", fresh.one("h1").text());
            assertEquals("0", fresh.one("#moved-on").attr("data-landed"));
            assertEquals(pinned, fresh.one("#pinned-link").val(), "the link shared on names the same step and day");

            String second = sandbox.push("acme/docs", "master", "carol", "Explain hotfixes (#22)");
            snapshots.forgetAll();

            Page moved = Page.of(alice.request().get("/repos/acme/docs/pending/staging"), 200);
            assertEquals(List.of(first, second), commits(moved.one("#pending")));
            Page still = Page.of(alice.request().get(pinned.substring("http://localhost:8081".length())), 200);
            assertEquals(List.of(first), commits(still.one("#pending")));
            assertEquals("1", still.one("#summary").attr("data-pending"));
            assertTrue(still.one("#summary").text().contains("when this link was made on "
                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC)), still.one("#summary").text());
            assertEquals("1", still.one("#moved-on").attr("data-landed"));
            assertTrue(still.one("#moved-on").text().startsWith("1 more commit has landed on master since this link."),
                    still.one("#moved-on").text());
        } finally {
            sandbox.resetBranch("acme/docs", "master", masterBefore);
        }
    }

    @Test
    void unknownRepositoriesAndEnvironmentsAreNotFoundPages() {
        SignIn alice = SignIn.as("alice");
        for (String path : List.of("/repos/acme/unlisted", "/repos/acme/unlisted/pending/staging", "/repos/nobody/nothing",
                "/repos/acme/storefront/pending/nowhere", "/repos/acme/storefront/pending/test",
                "/repos/acme/storefront/compare/1111111...2222222", "/no/such/page")) {
            Page page = Page.of(alice.request().get(path), 404);
            assertEquals("404", page.one(".error-message").attr("data-error-status"), path);
            assertEquals("Not found", page.one(".error-message h1").text(), path);
            assertEquals("alice", page.one("#current-user").text(), "still in the layout: " + path);
        }
    }

    @Test
    void aMalformedPinnedRangeIsABadRequestPage() {
        Page page = Page.of(SignIn.as("alice").request().get("/repos/acme/storefront/compare/master...staging"), 400);

        assertTrue(page.one(".error-message p").text().contains("two commit SHAs"));
    }

    @Test
    void aRepositoryTheUserMayNotReadIsExactlyLikeAnUnconfiguredOne() {
        SignIn carol = SignIn.as("carol");
        String ledgerHead = sandbox.headOf("acme/ledger", "master").orElseThrow();
        String ledgerStaging = sandbox.headOf("acme/ledger", "staging").orElseThrow();

        for (String path : List.of("/repos/acme/ledger", "/repos/acme/ledger/pending/staging",
                "/repos/acme/ledger/compare/" + ledgerStaging + "..." + ledgerHead)) {
            Page hidden = Page.of(carol.request().get(path), 404);
            Page unconfigured = Page.of(carol.request().get(path.replace("acme/ledger", "acme/unlisted")), 404);
            assertEquals(unconfigured.one(".error-message").text().replace("unlisted", "ledger"),
                    hidden.one(".error-message").text(), path);
        }
    }

    private long restRequests() {
        return limits.stats().get("restRequests");
    }

}
