package dev.promenade.pipeline;

import static dev.promenade.pipeline.Commits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.MovableClock;
import dev.promenade.pipeline.Promotion.Outcome;

class PromotionServiceTest {

    private static final RepositoryName REPO = new RepositoryName("acme", "app");
    private static final Environment TEST = new Environment("test", "master", null);
    private static final Environment STAGING = new Environment("staging", "staging", null);
    private static final Environment PRODUCTION = new Environment("production", "release/prod", null, true);
    private static final Pipeline PIPELINE = new Pipeline(REPO, List.of(TEST, STAGING, PRODUCTION));
    private static final PromotionStep INTO_STAGING = PIPELINE.stepInto("staging").orElseThrow();
    private static final PromotionStep INTO_PRODUCTION = PIPELINE.stepInto("production").orElseThrow();
    private static final String PUBLIC_URL = "https://promenade.example.com/";

    private static final Viewer ALICE = new Viewer("alice", "token-a");
    private static final Viewer CAROL = new Viewer("carol", "token-c");

    private final FakeGitHub host = new FakeGitHub();
    private final Snapshots snapshots = new Snapshots(host, host,
            new MovableClock(Instant.parse("2026-11-26T10:00:00Z")), new Freshness(Duration.ofSeconds(15)), new MemorySnapshotStore());
    private final PromotionService promotions = new PromotionService(host, snapshots, new CommitLists(host));

    private final Commit master = commit("master head");
    private final Commit staging = commit("staging head");
    private final Commit production = commit("production head");
    private final Commit search = new Commit("a".repeat(40), "Add search box (#5)\n\nDetails", "carol", "Carol", null,
            Instant.parse("2026-11-20T10:00:00Z"), null, "https://github.example.com/acme/app/commit/" + "a".repeat(40), 1, null, List.of());
    private final Commit hotfix = commit("Hotfix: reject negative refunds");

    @BeforeEach
    void history() {
        host.heads.put("master", master);
        host.heads.put("staging", staging);
        host.heads.put("release/prod", production);
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(2, 0, List.of(search, master)));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(1, 1, List.of(staging)));
        host.comparisons.put(staging.sha() + "..." + production.sha(), new Comparison(1, 1, List.of(hotfix)));
        host.checks.put(staging.sha(), new Checks(Checks.State.SUCCESS));
    }

    @Test
    void opensOnePullRequestFromSourceIntoTargetListingWhatItPromotes() {
        Promotion promotion = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);

        assertEquals(Outcome.OPENED, promotion.outcome());
        PullRequest opened = promotion.pullRequest();
        assertEquals("staging", opened.baseBranch());
        assertEquals("master", opened.headBranch());
        assertEquals("Promote test → staging (2 commits)", opened.title());
        assertEquals(1, host.opened);
        String body = PromotionService.promotionBody(PIPELINE, INTO_STAGING, promotion.report().drift(),
                promotion.report().drift().pending(), "alice", PUBLIC_URL);
        assertTrue(body.contains("- [`aaaaaaa`](https://github.example.com/acme/app/commit/" + "a".repeat(40) + ") Add search box (#5) — @carol"),
                body);
        assertTrue(body.contains("https://promenade.example.com/repos/acme/app/compare/" + staging.sha() + "..." + master.sha()),
                body);
        assertTrue(body.endsWith("Opened by @alice via Promenade.\n"), body);
    }

    @Test
    void anOpenPullRequestIsReturnedAndNothingCreated() {
        promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);

        Promotion again = promotions.promote(PIPELINE, INTO_STAGING, CAROL, null, PUBLIC_URL);

        assertEquals(Outcome.ALREADY_OPEN, again.outcome());
        assertEquals(1, host.opened);
    }

    @Test
    void concurrentClicksOpenOnePullRequest() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Callable<Promotion> click = () -> {
            start.await();
            return promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);
        };
        ExecutorService clicks = Executors.newFixedThreadPool(4);
        try {
            List<Future<Promotion>> results = List.of(clicks.submit(click), clicks.submit(click), clicks.submit(click),
                    clicks.submit(click));
            start.countDown();
            int number = -1;
            for (Future<Promotion> result : results) {
                Promotion promotion = result.get(10, TimeUnit.SECONDS);
                assertTrue(promotion.succeeded());
                number = number < 0 ? promotion.pullRequest().number() : number;
                assertEquals(number, promotion.pullRequest().number());
            }
            assertEquals(1, host.opened);
        } finally {
            clicks.shutdownNow();
        }
    }

    @Test
    void nothingPendingIsNothingToDo() {
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(0, 0, List.of()));

        assertEquals(Outcome.NOTHING_TO_DO, promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL).outcome());
        assertEquals(0, host.opened);
    }

    @Test
    void aDivergedStepNeedsTheUserToConfirmTheTargetTheySaw() {
        PromotionStep intoProduction = new PromotionStep(STAGING, new Environment("production", "release/prod", null));

        assertEquals(Outcome.CONFIRMATION_NEEDED,
                promotions.promote(PIPELINE, intoProduction, ALICE, null, PUBLIC_URL).outcome());
        assertEquals(Outcome.CONFIRMATION_NEEDED,
                promotions.promote(PIPELINE, intoProduction, ALICE, "0".repeat(40), PUBLIC_URL).outcome());
        Promotion confirmed = promotions.promote(PIPELINE, intoProduction, ALICE, production.sha(), PUBLIC_URL);

        assertEquals(Outcome.OPENED, confirmed.outcome());
        String body = PromotionService.promotionBody(PIPELINE, intoProduction, confirmed.report().drift(),
                confirmed.report().drift().pending(), "alice", PUBLIC_URL);
        assertTrue(body.contains("production has 1 commit staging lacks"), body);
    }

    @Test
    void requiredChecksMustBeGreen() {
        host.comparisons.put(staging.sha() + "..." + production.sha(), new Comparison(0, 0, List.of()));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(1, 0, List.of(staging)));
        host.checks.put(staging.sha(), new Checks(Checks.State.FAILURE));

        assertEquals(Outcome.CHECKS_NOT_GREEN,
                promotions.promote(PIPELINE, INTO_PRODUCTION, ALICE, null, PUBLIC_URL).outcome());

        host.checks.put(staging.sha(), new Checks(Checks.State.SUCCESS));
        assertEquals(Outcome.OPENED, promotions.promote(PIPELINE, INTO_PRODUCTION, ALICE, null, PUBLIC_URL).outcome());
    }

    @Test
    void aPullRequestOpenedElsewhereMeanwhileIsReturned() {
        host.openFailure = () -> new GitHubFailure(GitHubFailure.Kind.UNPROCESSABLE, 422,
                "GitHub refused the request (Validation Failed: A pull request already exists for acme:master.)");
        host.createAnyway = true;

        Promotion promotion = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);

        assertEquals(Outcome.ALREADY_OPEN, promotion.outcome());
        assertEquals(1, host.pullRequests.size());
    }

    @Test
    void noCommitsBetweenTheBranchesAnymoreIsNothingToDo() {
        host.openFailure = () -> new GitHubFailure(GitHubFailure.Kind.UNPROCESSABLE, 422,
                "GitHub refused the request (Validation Failed: No commits between staging and master)");

        assertEquals(Outcome.NOTHING_TO_DO, promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL).outcome());
    }

    @Test
    void gitHubFailingToAnswerCreatedNothingOnlyIfNothingIsThere() {
        host.openFailure = () -> new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 502, "GitHub answered HTTP 502");

        Promotion failed = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);
        assertEquals(Outcome.GITHUB_FAILED, failed.outcome());
        assertEquals(502, failed.httpStatus());
        assertNull(failed.pullRequest());

        host.openFailure = () -> new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 0, "GitHub did not answer");
        host.createAnyway = true;
        Promotion late = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);
        assertEquals(Outcome.OPENED, late.outcome(), "it was created after all");
        assertEquals(1, host.pullRequests.size());
    }

    @Test
    void aUserGitHubDeniesPushToIsNotAllowedAndNothingIsAsked() {
        host.push = false;

        Promotion promotion = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);

        assertEquals(Outcome.NOT_ALLOWED, promotion.outcome());
        assertEquals(0, host.opened);
    }

    @Test
    void theBodyListsTheFirstCommitsAndSaysHowManyMore() {
        List<Commit> many = new java.util.ArrayList<>();
        for (int i = 0; i < PromotionService.MAX_LISTED_COMMITS + 5; i++) {
            many.add(commit("change " + i));
        }
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(many.size(), 0, many));

        Promotion promotion = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);

        assertEquals(Outcome.OPENED, promotion.outcome());
        assertEquals(Integer.valueOf(PromotionService.MAX_LISTED_COMMITS), Integer.valueOf(host.lastLimit),
                "no more commits read than the body lists");
        String body = PromotionService.promotionBody(PIPELINE, INTO_STAGING, promotion.report().drift(), many.subList(0,
                PromotionService.MAX_LISTED_COMMITS), "alice", PUBLIC_URL);
        assertTrue(body.contains("- … and 5 more\n"), body);
    }

    @Test
    void theBodyStaysUnderGitHubsLimitWhateverTheHeadlines() {
        List<Commit> many = new java.util.ArrayList<>();
        for (int i = 0; i < PromotionService.MAX_LISTED_COMMITS; i++) {
            many.add(commit("change " + i + " " + "é🚀x".repeat(2000)));
        }
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(many.size() + 700, 0, many));
        Promotion promotion = promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL);

        String body = PromotionService.promotionBody(PIPELINE, INTO_STAGING, promotion.report().drift(), many, "alice", PUBLIC_URL);

        assertTrue(body.codePointCount(0, body.length()) <= 65_536 && body.length() <= PromotionService.MAX_BODY, "" + body.length());
        assertTrue(body.contains("https://promenade.example.com/repos/acme/app/compare/"), "the pinned link lists them all");
        assertTrue(body.endsWith("Opened by @alice via Promenade.\n"));
        int listed = (int) body.lines().filter(line -> line.startsWith("- [`")).count();
        assertTrue(listed > 50 && listed < PromotionService.MAX_LISTED_COMMITS, "" + listed);
        assertTrue(body.contains("- … and " + (many.size() + 700 - listed) + " more\n"));
        assertTrue(body.lines().filter(line -> line.startsWith("- [`")).allMatch(line -> line.contains("…")),
                "each headline cut short");
    }

    @Test
    void gitHubRefusingTheUserIsNotAllowed() {
        host.openFailure = () -> new GitHubFailure(GitHubFailure.Kind.FORBIDDEN, 403, "Must have push access");

        Promotion promotion = promotions.promote(PIPELINE, INTO_STAGING, new Viewer("bob", "token-b"), null, PUBLIC_URL);

        assertEquals(Outcome.NOT_ALLOWED, promotion.outcome());
        assertEquals(403, promotion.httpStatus());
    }

    @Test
    void aRevokedTokenIsTheUsersProblemNotTheStepsOne() {
        host.failure = new GitHubFailure(GitHubFailure.Kind.UNAUTHORIZED, 401, "Bad credentials");

        assertThrows(GitHubFailure.class, () -> promotions.promote(PIPELINE, INTO_STAGING, ALICE, null, PUBLIC_URL));
    }

    @Test
    void aBackMergeBringsTheTargetsHotfixesIntoTheSource() {
        Promotion backMerge = promotions.backMerge(PIPELINE, INTO_PRODUCTION, ALICE);

        assertEquals(Outcome.OPENED, backMerge.outcome());
        assertEquals("staging", backMerge.pullRequest().baseBranch());
        assertEquals("release/prod", backMerge.pullRequest().headBranch());
        assertEquals("Back-merge production → staging", backMerge.pullRequest().title());
        assertEquals(Outcome.ALREADY_OPEN, promotions.backMerge(PIPELINE, INTO_PRODUCTION, CAROL).outcome());
        assertEquals(Outcome.NOTHING_TO_DO, promotions.backMerge(PIPELINE, INTO_STAGING, ALICE).outcome());
    }
}
