package dev.promenade.pipeline;

import static dev.promenade.pipeline.Commits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        assertEquals(DriftStatus.PENDING, status.stepInto("staging").orElseThrow().status());
        assertEquals(2, status.stepInto("staging").orElseThrow().pendingCount());
        assertEquals(DriftStatus.UP_TO_DATE, status.stepInto("production").orElseThrow().status());
    }

    @Test
    void readsWhatOnlyTheTargetHasToTellHotfixesFromPromotionMerges() {
        givenHeads();
        Commit hotfix = commit("Hotfix on production");
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(0, 0, List.of()));
        host.comparisons.put(production.sha() + "..." + staging.sha(), new Comparison(1, 1, List.of(commit("x"))));
        host.comparisons.put(staging.sha() + "..." + production.sha(), new Comparison(1, 1, List.of(hotfix)));

        StepDrift drift = service.status(PIPELINE).value().stepInto("production").orElseThrow();

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
    void theFullPendingListAsksForEveryCommit() {
        givenHeads();
        host.comparisons.put(staging.sha() + "..." + master.sha(), new Comparison(1, 0, List.of(commit("only"))));

        StepDrift drift = service.pending(PIPELINE, PIPELINE.stepInto("staging").orElseThrow()).value();

        assertEquals(Integer.MAX_VALUE, host.lastLimit);
        assertEquals(1, drift.pending().size());
    }

    private void givenHeads() {
        host.heads.put("master", master);
        host.heads.put("staging", staging);
        host.heads.put("release/prod", production);
    }

    /** GitHub as a few maps: branch heads, and comparisons keyed {@code base...head}. */
    private static final class FakeHost implements RepositoryHost {
        final Map<String, Commit> heads = new HashMap<>();
        final Map<String, Comparison> comparisons = new HashMap<>();
        volatile GitHubFailure failure;
        volatile int lastLimit;

        @Override
        public RepositoryAccess access(RepositoryName repository) {
            return new RepositoryAccess(true, true, false, "https://github.com/" + repository);
        }

        @Override
        public Commit branchHead(RepositoryName repository, String branch) {
            if (failure != null) {
                throw failure;
            }
            Commit head = heads.get(branch);
            if (head == null) {
                throw new GitHubFailure(GitHubFailure.Kind.NOT_FOUND, 404, "no branch " + branch);
            }
            return head;
        }

        @Override
        public Comparison compare(RepositoryName repository, String baseSha, String headSha, int limit) {
            if (failure != null) {
                throw failure;
            }
            lastLimit = limit;
            Comparison comparison = comparisons.get(baseSha + "..." + headSha);
            if (comparison == null) {
                throw new GitHubFailure(GitHubFailure.Kind.NOT_FOUND, 404, "no comparison");
            }
            return comparison;
        }
    }
}
