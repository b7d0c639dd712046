package dev.promenade.web;

import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.sandbox.SandboxFaults;
import dev.promenade.sandbox.SandboxFaults.PullRequestFault;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Promote and Back-merge, through the pages' forms, against the sandbox's GitHub. */
@QuarkusTest
class PromotionTest {

    private static final String STOREFRONT = "/repos/acme/storefront";

    @Inject
    SandboxWorld sandbox;

    /** What Promenade has read of GitHub: forgotten before each test, as the sandbox is reset after each. */
    @Inject
    Snapshots snapshots;

    @BeforeEach
    void nothingReadYet() {
        // Each test starts with GitHub trusted again, whatever the last one made it fail.
        CircuitBreakerMaintenance.get().resetAll();
        snapshots.forgetAll();
    }

    @Inject
    SandboxFaults faults;

    @AfterEach
    void forgetChanges() {
        faults.clear();
        sandbox.reset();
    }

    @Test
    void promoteOpensOnePullRequestAsTheUserListingWhatItPromotes() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken(STOREFRONT);
        String staging = sandbox.headOf("acme/storefront", "staging").orElseThrow();
        String master = sandbox.headOf("acme/storefront", "master").orElseThrow();

        Response response = alice.request().formParam("csrf-token", token).formParam("return", STOREFRONT)
                .post(STOREFRONT + "/promote/staging");

        assertEquals(303, response.statusCode());
        assertEquals(List.of("master → staging #16"), sandbox.openPullRequests("acme/storefront"));
        assertTrue(response.header("Location").startsWith("http://localhost:8081" + STOREFRONT + "?notice="),
                response.header("Location"));
        SandboxWorld.PullRequestRecord opened = sandbox.pullRequest("acme/storefront", 16).orElseThrow();
        assertEquals("Promote test → staging (4 commits)", opened.title());
        assertEquals("alice", opened.author());
        assertEquals("staging", opened.base());
        assertEquals("master", opened.head());
        for (String sha : sandbox.log("acme/storefront", "staging", "master")) {
            assertTrue(opened.body().contains("[`" + sha.substring(0, 7) + "`](http://localhost:8081/sandbox/acme/storefront/commit/"
                    + sha + ")"), opened.body());
        }
        assertTrue(opened.body().contains("Bump io.quarkus:quarkus-bom from 3.33.1 to 3.33.2 (#14) — @dependabot[bot]"));
        assertTrue(opened.body().contains("http://localhost:8081/repos/acme/storefront/compare/" + staging + "..." + master));
        assertTrue(opened.body().endsWith("Opened by @alice via Promenade.\n"));

        Page page = Page.of(alice.request().get(response.header("Location").replace("http://localhost:8081", "")), 200);
        Element step = step(page.repository("acme/storefront"), "staging");
        assertEquals("Opened pull request #16.", step.selectFirst(".notice").text());
        assertEquals("16", step.selectFirst("[data-pull-request]").attr("data-pull-request"));
        assertTrue(step.select("form.promote").isEmpty(), "the open pull request shows instead of the button");
    }

    @Test
    void promotingAgainReturnsTheOpenPullRequest() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken(STOREFRONT);
        promote(alice, token, "staging");

        SignIn carol = SignIn.as("carol");
        Response again = promote(carol, carol.formToken("/"), "staging");

        assertEquals("The promotion pull request #16 is already open; nothing new was created.",
                notice(carol, again, "acme/storefront", "staging"));
        assertEquals(List.of("master → staging #16"), sandbox.openPullRequests("acme/storefront"));
    }

    @Test
    void concurrentClicksOpenOnePullRequest() throws Exception {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken(STOREFRONT);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> clicks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clicks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return promote(alice, token, "staging");
            }));
        }
        start.countDown();

        for (CompletableFuture<Response> click : clicks) {
            Response response = click.get(30, TimeUnit.SECONDS);
            assertTrue(notice(alice, response, "acme/storefront", "staging").contains("#16"));
        }
        assertEquals(List.of("master → staging #16"), sandbox.openPullRequests("acme/storefront"));
    }

    @Test
    void aReadOnlyUserIsRefusedAndNothingIsCreated() {
        SignIn bob = SignIn.as("bob");
        Page overview = Page.of(bob.request().get("/"), 200);
        Element button = step(overview.repository("acme/storefront"), "staging").selectFirst("button[data-action=promote]");
        assertTrue(button.hasAttr("disabled"));
        assertEquals("You need write access to acme/storefront to promote",
                step(overview.repository("acme/storefront"), "staging").selectFirst(".reason").text());

        String token = bob.formToken("/");
        Page refused = Page.of(bob.request().formParam("csrf-token", token).post(STOREFRONT + "/promote/staging"), 403);

        assertEquals("You need write access to acme/storefront to promote.", refused.one(".error-message p").text());
        assertTrue(sandbox.openPullRequests("acme/storefront").isEmpty());
    }

    @Test
    void aRepositoryTheUserCannotReadCannotBePromotedAndStaysHidden() {
        SignIn carol = SignIn.as("carol");

        String token = carol.formToken("/");
        carol.request().formParam("csrf-token", token).post("/repos/acme/ledger/promote/staging").then().statusCode(404);

        assertTrue(sandbox.openPullRequests("acme/ledger").isEmpty());
    }

    @Test
    void withoutTheCsrfTokenNothingIsCreated() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken(STOREFRONT);

        alice.request().post(STOREFRONT + "/promote/staging").then().statusCode(403);
        alice.request().formParam("csrf-token", "forged" + token.substring(6)).post(STOREFRONT + "/promote/staging")
                .then().statusCode(403);
        SignIn.as("alice").request().formParam("csrf-token", token).post(STOREFRONT + "/promote/staging")
                .then().statusCode(403);

        assertTrue(sandbox.openPullRequests("acme/storefront").isEmpty());
    }

    @Test
    void aPullRequestOpenedElsewhereMeanwhileIsReturnedNotDuplicated() {
        int elsewhere = sandbox.openPullRequest("acme/storefront", "staging", "master", "Promote test → staging", "carol");
        faults.nextPullRequest("acme/storefront", PullRequestFault.STALE_LISTING);

        SignIn alice = SignIn.as("alice");
        Response response = promote(alice, null, "staging");

        assertEquals("The promotion pull request #" + elsewhere + " is already open; nothing new was created.",
                notice(alice, response, "acme/storefront", "staging"));
        assertEquals(List.of("master → staging #" + elsewhere), sandbox.openPullRequests("acme/storefront"));
    }

    @Test
    void branchesThatMetMeanwhileHaveNothingToPromote() {
        faults.nextPullRequest("acme/storefront", PullRequestFault.NO_COMMITS_BETWEEN);

        Response response = htmxPromote(SignIn.as("alice"), "staging");

        assertEquals(409, response.statusCode());
        assertEquals("Nothing to promote anymore.", Jsoup.parse(response.body().asString()).selectFirst(".notice").text());
        assertTrue(sandbox.openPullRequests("acme/storefront").isEmpty());
    }

    @Test
    void gitHubFailingOnCreationSaysNothingWasCreated() {
        faults.nextPullRequest("acme/storefront", PullRequestFault.FAIL_WITHOUT_CREATING);

        Response response = htmxPromote(SignIn.as("alice"), "staging");

        assertEquals(502, response.statusCode());
        String notice = Jsoup.parse(response.body().asString()).selectFirst(".notice").text();
        assertEquals("GitHub answered HTTP 502 (Server Error); nothing was created; try again.", notice);
        assertTrue(sandbox.openPullRequests("acme/storefront").isEmpty());
    }

    @Test
    void gitHubFailingAfterCreatingIsFoundOut() {
        faults.nextPullRequest("acme/storefront", PullRequestFault.FAIL_AFTER_CREATING);

        Response response = htmxPromote(SignIn.as("alice"), "staging");

        assertEquals(201, response.statusCode());
        assertEquals("Opened pull request #16.", Jsoup.parse(response.body().asString()).selectFirst(".notice").text());
        assertEquals(List.of("master → staging #16"), sandbox.openPullRequests("acme/storefront"));
    }

    @Test
    void htmxGetsTheStepBackWithThePullRequest() {
        Response response = htmxPromote(SignIn.as("alice"), "staging");

        assertEquals(201, response.statusCode());
        Element step = Jsoup.parse(response.body().asString()).selectFirst("li.step");
        assertEquals("staging", step.attr("data-step"));
        assertEquals("pending", step.attr("data-status"));
        assertEquals("4", step.attr("data-pending"));
        assertEquals("16", step.selectFirst("[data-pull-request]").attr("data-pull-request"));
        assertEquals("http://localhost:8081/sandbox/acme/storefront/pull/16", step.selectFirst("[data-pull-request] a").attr("href"));
        assertNull(step.selectFirst("form.promote"));
    }

    @Test
    void requiredChecksThatAreNotGreenBlockPromotionEvenWhenPostedByHand() {
        SignIn alice = SignIn.as("alice");
        Page overview = Page.of(alice.request().get("/"), 200);
        Element production = step(overview.repository("acme/storefront"), "production");
        assertEquals("failure", production.selectFirst("[data-checks]").attr("data-checks"));
        assertTrue(production.selectFirst("button[data-action=promote]").hasAttr("disabled"));
        assertEquals("production requires green checks on staging",
                production.selectFirst(".reason").text());

        Response response = promote(alice, null, "production");

        assertTrue(sandbox.openPullRequests("acme/storefront").isEmpty());
        assertEquals("Not promoted: the required checks have not all passed.",
                notice(alice, response, "acme/storefront", "production"));
    }

    @Test
    void aDivergedPromotionNeedsAnExplicitConfirmationNamingTheTargetsCommits() {
        SignIn alice = SignIn.as("alice");
        Page overview = Page.of(alice.request().get("/"), 200);
        Element production = step(overview.repository("acme/payments"), "production");
        Element confirm = production.selectFirst("form.promote input[name=confirm]");
        String hotfix = sandbox.headOf("acme/payments", "production").orElseThrow();
        assertEquals(hotfix, confirm.val());
        assertTrue(confirm.hasAttr("required"));
        assertTrue(production.selectFirst("form.promote label.confirm").text().startsWith(
                "Not auto-mergeable: production has 1 commit staging lacks (" + hotfix.substring(0, 7)
                        + " Hotfix: reject negative refund amounts)"),
                production.selectFirst("form.promote label.confirm").text());

        Response unconfirmed = promote(alice, null, "/repos/acme/payments", "production", null);
        assertEquals("Not promoted: confirm first that the target's own commits may be merged.",
                notice(alice, unconfirmed, "acme/payments", "production"));
        assertTrue(sandbox.openPullRequests("acme/payments").isEmpty());

        Response confirmed = promote(alice, null, "/repos/acme/payments", "production", hotfix);
        assertEquals("Opened pull request #14.", notice(alice, confirmed, "acme/payments", "production"));
        assertEquals(List.of("staging → production #14"), sandbox.openPullRequests("acme/payments"));
    }

    @Test
    void aHotfixOnTheTargetCanBeMergedBack() {
        SignIn alice = SignIn.as("alice");
        Page page = Page.of(alice.request().get("/repos/acme/infra"), 200);
        Element prod = step(page.repository("acme/infra"), "prod");
        assertEquals("Back-merge into main", prod.selectFirst("button[data-action=back-merge]").text());

        String token = alice.formToken("/repos/acme/infra");
        Response response = alice.request().formParam("csrf-token", token).post("/repos/acme/infra/back-merge/prod");

        assertEquals(303, response.statusCode());
        assertEquals(List.of("release/prod → main #3"), sandbox.openPullRequests("acme/infra"));
        SandboxWorld.PullRequestRecord backMerge = sandbox.pullRequest("acme/infra", 3).orElseThrow();
        assertEquals("Back-merge prod → main", backMerge.title());
        assertTrue(backMerge.body().contains("Hotfix: raise database connection limit"));
        Page after = Page.of(alice.request().get("/repos/acme/infra"), 200);
        assertEquals("3", step(after.repository("acme/infra"), "prod").selectFirst("[data-back-merge]").attr("data-back-merge"));

        Response again = alice.request().formParam("csrf-token", token).post("/repos/acme/infra/back-merge/prod");
        assertEquals("The back-merge pull request #3 is already open; nothing new was created.",
                notice(alice, again, "acme/infra", "prod"));
    }

    @Test
    void theHistoryListsPromotionsIntoAnEnvironmentNewestFirst() {
        SignIn alice = SignIn.as("alice");
        promote(alice, null, "staging");

        Page history = Page.of(alice.request().get(STOREFRONT + "/history/staging"), 200);

        List<String> rows = history.all("#history tbody tr").eachAttr("data-pull-request");
        assertEquals(List.of("16", "12", "7"), rows);
        assertEquals(List.of("open", "merged", "merged"), history.all("#history tbody tr").eachAttr("data-state"));
        assertTrue(history.one("#history tbody tr[data-pull-request=12]").text().contains("@carol"));

        Page repository = Page.of(alice.request().get(STOREFRONT), 200);
        assertEquals("Last promoted 5 days ago by @carol in #12. Promotion history",
                repository.one("#last-promotion-staging").text());
    }

    @Test
    void mergingThePullRequestLeavesTheStepUpToDate() {
        SignIn alice = SignIn.as("alice");
        promote(alice, null, "staging");

        assertTrue(sandbox.merge("acme/storefront", 16, "alice"));
        snapshots.forgetAll();

        Page page = Page.of(alice.request().get("/"), 200);
        Element staging = step(page.repository("acme/storefront"), "staging");
        assertEquals("up-to-date", staging.attr("data-status"));
        assertEquals("0", staging.attr("data-pending"));
        assertFalse(staging.select("[data-pull-request]").size() > 0);
    }

    private Response promote(SignIn user, String token, String env) {
        return promote(user, token, STOREFRONT, env, null);
    }

    private Response promote(SignIn user, String token, String repository, String env, String confirm) {
        String csrf = token != null ? token : user.formToken(repository);
        var request = user.request().formParam("csrf-token", csrf).formParam("return", repository);
        if (confirm != null) {
            request.formParam("confirm", confirm);
        }
        Response response = request.post(repository + "/promote/" + env);
        assertEquals(303, response.statusCode(), response.body().asString());
        return response;
    }

    private Response htmxPromote(SignIn user, String env) {
        String token = user.formToken(STOREFRONT);
        return user.request().header("HX-Request", "true").header("X-CSRF-TOKEN", token).formParam("csrf-token", token)
                .formParam("return", STOREFRONT).post(STOREFRONT + "/promote/" + env);
    }

    @Test
    void theNoticeAfterAPromotionCannotBeForgedByALink() {
        SignIn alice = SignIn.as("alice");
        Response opened = promote(alice, null, "staging");
        String location = opened.header("Location").replace("http://localhost:8081", "");
        assertEquals("Opened pull request #16.", notice(alice, opened, "acme/storefront", "staging"));

        SignIn bob = SignIn.as("bob");
        assertNull(notice(bob, opened, "acme/storefront", "staging"), "sealed for alice only");
        for (String crafted : List.of("?repo=acme/storefront&step=staging&action=promotion&outcome=OPENED&pr=99",
                "?notice=" + location.substring(location.indexOf("=") + 1, location.indexOf('.')) + ".forged",
                "?notice=..%2F..", "?notice=" + "A".repeat(3000))) {
            Page page = Page.of(alice.request().urlEncodingEnabled(false).get(STOREFRONT + crafted), 200);
            assertEquals("", step(page.repository("acme/storefront"), "staging").selectFirst(".notice").text(), crafted);
        }
    }

    @Test
    void aRefusalIsReportedInGitHubsWords() {
        faults.nextPullRequest("acme/storefront", PullRequestFault.VALIDATION_FAILED);

        Response response = htmxPromote(SignIn.as("alice"), "staging");

        assertEquals(502, response.statusCode());
        String notice = Jsoup.parse(response.body().asString()).selectFirst(".notice").text();
        assertTrue(notice.startsWith("GitHub refused the request (Validation Failed"), notice);
        assertTrue(notice.endsWith("Nothing was created."), notice);
        assertTrue(sandbox.openPullRequests("acme/storefront").isEmpty());
    }

    @Test
    void aReturnAddressThatIsNoAddressFallsBackToTheRepositoryAfterThePullRequestWasOpened() {
        SignIn alice = SignIn.as("alice");
        String token = alice.formToken(STOREFRONT);
        Response response = alice.request().formParam("csrf-token", token).formParam("return", "/repos/acme/store front")
                .post(STOREFRONT + "/promote/staging");

        assertEquals(303, response.statusCode());
        assertTrue(response.header("Location").startsWith("http://localhost:8081" + STOREFRONT + "?notice="));
        assertEquals("Opened pull request #16.", notice(alice, response, "acme/storefront", "staging"));
    }

    /** Follows the redirect after a promotion without JavaScript, as {@code user}: the notice on the step, or null. */
    private static String notice(SignIn user, Response redirect, String repository, String target) {
        assertEquals(303, redirect.statusCode());
        Page page = Page.of(user.request().get(redirect.header("Location").replace("http://localhost:8081", "")), 200);
        Element notice = step(page.repository(repository), target).selectFirst(".notice");
        return notice == null || notice.text().isEmpty() ? null : notice.text();
    }

}
