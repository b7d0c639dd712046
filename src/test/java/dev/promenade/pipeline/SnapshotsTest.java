package dev.promenade.pipeline;

import static dev.promenade.pipeline.Commits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.MovableClock;

class SnapshotsTest {

    private static final Duration REFRESH_AFTER = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pipeline PIPELINE = new Pipeline(new RepositoryName("acme", "app"), List.of(
            new Environment("test", "master", null), new Environment("staging", "staging", null)));
    private static final Viewer ALICE = new Viewer("alice", "token-a");
    private static final Viewer BOB = new Viewer("bob", "token-b");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final FakeGitHub github = new FakeGitHub();
    private final Snapshots snapshots = new Snapshots(github, github, clock, new Freshness(REFRESH_AFTER),
            new MemorySnapshotStore());

    private final Commit master = commit("master head");
    private final Commit staging = commit("staging head");

    @BeforeEach
    void twoCommitsPending() {
        github.heads.put("master", master);
        github.heads.put("staging", staging);
        github.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(2, 0, List.of(commit("a"), master)));
    }

    @Test
    void aFirstViewWaitsForGitHub() {
        Observed<PipelineStatus> observed = view(ALICE);

        assertEquals(2, observed.value().stepInto("staging").orElseThrow().drift().pendingCount());
        assertEquals(clock.instant(), observed.asOf());
        assertEquals(1, github.reads.get());
    }

    @Test
    void withinRefreshAfterEveryViewIsServedWithoutAskingGitHub() {
        Observed<PipelineStatus> first = view(ALICE);
        clock.advance(REFRESH_AFTER.minusSeconds(1));

        Observed<PipelineStatus> again = view(BOB);

        assertSame(first, again);
        assertEquals(1, github.reads.get());
        assertFalse(snapshots.isReading(PIPELINE));
    }

    @Test
    void aStaleSnapshotIsServedAtOnceAndReadAgainInTheBackground() {
        Observed<PipelineStatus> first = view(ALICE);
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        github.hold();
        github.heads.put("staging", master);
        github.comparisons.put(master.sha() + "..." + master.sha(), new Comparison(0, 0, List.of()));

        Observed<PipelineStatus> stale = view(ALICE);

        assertSame(first, stale, "served as it was, GitHub not waited for");
        assertTrue(snapshots.isReading(PIPELINE));
        github.release();
        assertFalse(snapshots.isReading(PIPELINE));
        Observed<PipelineStatus> fresh = snapshots.snapshot(PIPELINE);
        assertEquals(DriftStatus.UP_TO_DATE, fresh.value().stepInto("staging").orElseThrow().drift().status());
        assertEquals(clock.instant(), fresh.asOf());
    }

    @Test
    void howeverManyLookAtAStaleSnapshotItIsReadOnce() {
        view(ALICE);
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        github.hold();

        for (int i = 0; i < 10; i++) {
            view(i % 2 == 0 ? ALICE : BOB);
        }
        github.release();

        assertEquals(2, github.reads.get(), "the first read, then one refresh");
    }

    @Test
    void aViewWaitsForAFirstReadOnlyUntilItsDeadline() {
        github.hold();

        Observed<PipelineStatus> observed = snapshots.view(List.of(PIPELINE), ALICE, Duration.ofMillis(50))
                .toCompletableFuture().join().get(0);

        assertTrue(observed.isLoading());
        assertTrue(snapshots.isReading(PIPELINE));
        github.release();
        assertTrue(snapshots.snapshot(PIPELINE).hasValue());
    }

    @Test
    void settledCompletesWhenTheReadIsDone() throws Exception {
        view(ALICE);
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        github.hold();
        view(ALICE);
        CompletionStage<Void> settled = snapshots.settled(List.of(PIPELINE), WAIT);

        assertFalse(settled.toCompletableFuture().isDone());
        github.release();
        settled.toCompletableFuture().get(1, TimeUnit.SECONDS);
    }

    @Test
    void aFailureKeepsTheLastKnownStatusAndWhenFailingStarted() {
        Observed<PipelineStatus> known = view(ALICE);
        Instant firstRead = clock.instant();
        GitHubFailure down = new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 502, "GitHub answered HTTP 502");
        github.failure = down;
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        Instant failureStart = clock.instant();
        view(ALICE);
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        view(ALICE);

        Observed<PipelineStatus> failing = snapshots.snapshot(PIPELINE);
        assertSame(known.value(), failing.value());
        assertEquals(firstRead, failing.asOf());
        assertSame(down, failing.failure());
        assertEquals(failureStart, failing.failingSince());
        assertEquals(clock.instant(), failing.attemptedAt());

        github.failure = null;
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        view(ALICE);
        assertNull(snapshots.snapshot(PIPELINE).failure());
        assertNull(snapshots.snapshot(PIPELINE).failingSince());
    }

    @Test
    void aFailingRepositoryIsNotAskedAgainBeforeRefreshAfter() {
        github.failure = new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 503, "GitHub answered HTTP 503");
        view(ALICE);

        view(ALICE);
        view(BOB);

        assertEquals(1, github.reads.get());
        assertTrue(snapshots.snapshot(PIPELINE).isFailing());
        assertFalse(snapshots.snapshot(PIPELINE).hasValue());
    }

    @Test
    void aRevokedTokenOrAnExhaustedRateLimitIsTheViewersNotTheRepositorys() {
        Observed<PipelineStatus> known = view(ALICE);
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        github.failure = new GitHubFailure(GitHubFailure.Kind.UNAUTHORIZED, 401, "Bad credentials");
        view(BOB);
        github.failure = new GitHubFailure(GitHubFailure.Kind.RATE_LIMITED, 200, "limit", clock.instant().plusSeconds(600));
        clock.advance(REFRESH_AFTER.plusSeconds(1));
        view(BOB);

        assertSame(known, snapshots.snapshot(PIPELINE), "nothing recorded against the repository");
    }

    @Test
    void aUserGitHubRefusesIsNotSentAnything() {
        github.refused.put("bob", clock.instant().plusSeconds(600));

        Observed<PipelineStatus> observed = view(BOB);

        assertTrue(observed.isLoading());
        assertEquals(0, github.reads.get());
        assertEquals(GitHubFailure.Kind.RATE_LIMITED, snapshots.readNow(PIPELINE, BOB).toCompletableFuture()
                .handle((reading, failure) -> ((GitHubFailure) failure).kind()).join());
    }

    @Test
    void aUserWithLittleBudgetLeftRefreshesNothingInTheBackgroundButStillReadsWhatWasNeverRead() {
        github.budgets.put("bob", new Budget(5000, 400, clock.instant().plusSeconds(1800)));
        view(BOB);
        clock.advance(REFRESH_AFTER.plusSeconds(1));

        view(BOB);

        assertEquals(1, github.reads.get());
        view(ALICE);
        assertEquals(2, github.reads.get(), "someone else's budget refreshes it");
    }

    @Test
    void aRepositoryOneViewerMayNotReadIsReadAsTheNext() {
        github.cannotRead.add("bob");
        assertTrue(view(BOB).isLoading(), "bob learns nothing");

        Observed<PipelineStatus> alices = view(ALICE);

        assertTrue(alices.hasValue());
        assertEquals(2, github.reads.get());
    }

    @Test
    void aStepChangedByPromenadeReplacesTheOneInTheSnapshot() {
        StepReport known = view(ALICE).value().stepInto("staging").orElseThrow();
        PullRequest opened = new PullRequest(16, "Promote", "https://github.example.com/acme/app/pull/16", "open", "alice",
                "staging", "master", clock.instant(), null, null);

        snapshots.replaceStep(PIPELINE, known.withPromotion(opened));

        assertEquals(16, snapshots.snapshot(PIPELINE).value().stepInto("staging").orElseThrow().promotion().number());
        assertEquals(1, github.reads.get());
    }

    @Test
    void anAnnouncedHeadIsShownUntilAReadSeesItAndMakesTheSnapshotStaleAtOnce() {
        view(ALICE);
        Commit pushed = commit("pushed");

        snapshots.announce(PIPELINE, Map.of("master", pushed.sha())).toCompletableFuture().join();

        assertEquals(Map.of("master", pushed.sha()), snapshots.announced(PIPELINE));
        assertEquals(List.of(PIPELINE), snapshots.refreshIfStale(List.of(PIPELINE), ALICE), "read again at once");
        assertEquals(Map.of("master", pushed.sha()), snapshots.announced(PIPELINE), "GitHub's API does not show it yet");
        assertEquals(List.of(PIPELINE), snapshots.refreshIfStale(List.of(PIPELINE), ALICE), "so it is read again");

        github.heads.put("master", pushed);
        github.comparisons.put(staging.sha() + "..." + pushed.sha(), new Comparison(3, 0, List.of(commit("a"), master, pushed)));
        snapshots.refreshIfStale(List.of(PIPELINE), ALICE);

        assertEquals(Map.of(), snapshots.announced(PIPELINE));
        assertEquals(3, snapshots.snapshot(PIPELINE).value().stepInto("staging").orElseThrow().drift().pendingCount());
        assertEquals(List.of(), snapshots.refreshIfStale(List.of(PIPELINE), ALICE), "fresh until refresh-after");
        assertEquals(4, github.reads.get(), "the first view, two reads too early, the one that saw it");
    }

    @Test
    void anAnnouncedHeadNoReadShowsIsForgottenOnceGitHubHadTimeToCatchUp() {
        view(ALICE);
        // Delivered last, but older than what GitHub shows: deliveries may come out of order.
        snapshots.announce(PIPELINE, Map.of("master", commit("older").sha())).toCompletableFuture().join();
        snapshots.refreshIfStale(List.of(PIPELINE), ALICE);
        assertEquals(1, snapshots.announced(PIPELINE).size());

        clock.advance(Snapshots.ANNOUNCEMENTS_TRUSTED.plusSeconds(1));
        snapshots.refreshIfStale(List.of(PIPELINE), ALICE);

        assertEquals(Map.of(), snapshots.announced(PIPELINE));
        assertEquals(List.of(), snapshots.refreshIfStale(List.of(PIPELINE), ALICE), "nothing left to read again");
    }

    private Observed<PipelineStatus> view(Viewer viewer) {
        return snapshots.view(List.of(PIPELINE), viewer, WAIT).toCompletableFuture().join().get(0);
    }
}
