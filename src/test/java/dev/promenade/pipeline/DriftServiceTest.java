package dev.promenade.pipeline;

import static dev.promenade.pipeline.Commits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.promenade.MovableClock;

class DriftServiceTest {

    private static final RepositoryName REPO = new RepositoryName("acme", "app");
    private static final Pipeline PIPELINE = new Pipeline(REPO, List.of(
            new Environment("test", "master", null),
            new Environment("staging", "staging", null),
            new Environment("production", "release/prod", null)));

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final FakeHost host = new FakeHost();
    private final DriftService service = new DriftService(host, executor, clock);

    private final Commit master = commit("master head");
    private final Commit staging = commit("staging head");
    private final Commit production = commit("production head");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void readsEveryHeadAndTheDriftOfEveryStep() {
        givenHeads();
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(2, 0, List.of(commit("a"), commit("b"))));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(0, 0, List.of()));

        Observed<PipelineStatus> observed = service.status(PIPELINE);

        assertTrue(observed.hasValue());
        PipelineStatus status = observed.value();
        assertEquals(List.of(master, staging, production), status.heads().stream().map(EnvironmentHead::head).toList());
        assertEquals(DriftStatus.PENDING, status.stepInto("staging").orElseThrow().drift().status());
        assertEquals(2, status.stepInto("staging").orElseThrow().drift().pendingCount());
        assertEquals(DriftStatus.UP_TO_DATE, status.stepInto("production").orElseThrow().drift().status());
    }

    @Test
    void readsWhatOnlyTheTargetHasToTellHotfixesFromPromotionMerges() {
        givenHeads();
        Commit hotfix = commit("Hotfix on production");
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(0, 0, List.of()));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(1, 1, List.of(commit("x"))));
        host.comparisons.put(staging.sha() + "..." + production.sha(), new Comparison(1, 1, List.of(hotfix)));

        StepDrift drift = service.status(PIPELINE).value().stepInto("production").orElseThrow().drift();

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(List.of(hotfix), drift.hotfixes());
    }

    @Test
    void aFailureKeepsTheLastKnownStatusAndWhenFailingStarted() {
        givenHeads();
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(0, 0, List.of()));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(0, 0, List.of()));
        Instant firstRead = clock.instant();
        PipelineStatus known = service.status(PIPELINE).value();

        GitHubFailure down = new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 502, "GitHub answered HTTP 502");
        host.failure = down;
        clock.advance(Duration.ofSeconds(60));
        Instant failureStart = clock.instant();
        Observed<PipelineStatus> first = service.status(PIPELINE);
        clock.advance(Duration.ofSeconds(60));
        Observed<PipelineStatus> second = service.status(PIPELINE);

        assertSame(known, second.value());
        assertEquals(firstRead, second.asOf());
        assertSame(down, second.failure());
        assertEquals(failureStart, first.failingSince());
        assertEquals(failureStart, second.failingSince());

        host.failure = null;
        Observed<PipelineStatus> recovered = service.status(PIPELINE);
        assertNull(recovered.failure());
        assertNull(recovered.failingSince());
    }

    @Test
    void aFailureWithNothingKnownHasNoValue() {
        host.failure = new GitHubFailure(GitHubFailure.Kind.RATE_LIMITED, 403, "limit", clock.instant().plusSeconds(600));

        Observed<PipelineStatus> observed = service.status(PIPELINE);

        assertTrue(observed.isFailing());
        assertNull(observed.value());
    }

    @Test
    void aRevokedTokenIsNotARepositoryFailureButTheUsers() {
        host.failure = new GitHubFailure(GitHubFailure.Kind.UNAUTHORIZED, 401, "Bad credentials");

        GitHubFailure thrown = assertThrows(GitHubFailure.class, () -> service.statuses(List.of(PIPELINE)));

        assertEquals(GitHubFailure.Kind.UNAUTHORIZED, thrown.kind());
    }

    @Test
    void readsTheChecksOfPendingSourcesAndTheOpenPullRequestOfEachStep() {
        givenHeads();
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(1, 0, List.of(commit("a"))));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(0, 0, List.of()));
        host.checks.put(master.sha(), Checks.of(List.of(new Checks.Result(Checks.Outcome.FAILED, "https://ci/1"))));
        host.pullRequests.add(new PullRequest(7, "Promote test → staging", "https://github.example.com/acme/app/pull/7", "open",
                "carol", "staging", "master", Instant.parse("2026-11-25T10:00:00Z"), null, null));

        PipelineStatus status = service.status(PIPELINE).value();

        StepReport staging = status.stepInto("staging").orElseThrow();
        assertEquals(Checks.State.FAILURE, staging.checks().state());
        assertEquals("https://ci/1", staging.checks().url());
        assertEquals(7, staging.promotion().number());
        assertEquals("clean", staging.promotion().mergeableState(), "read from the single pull request");
        StepReport production = status.stepInto("production").orElseThrow();
        assertNull(production.checks(), "nothing pending: checks not read");
        assertNull(production.promotion());
    }

    @Test
    void theFullPendingListAsksForEveryCommit() {
        givenHeads();
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(1, 0, List.of(commit("only"))));

        StepDrift drift = service.pending(PIPELINE, PIPELINE.stepInto("staging").orElseThrow()).value().drift();

        assertEquals(Integer.MAX_VALUE, host.lastLimit);
        assertEquals(1, drift.pending().size());
    }

    private void givenHeads() {
        host.heads.put("master", master);
        host.heads.put("staging", staging);
        host.heads.put("release/prod", production);
    }
}
