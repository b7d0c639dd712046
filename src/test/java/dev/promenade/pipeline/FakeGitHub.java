package dev.promenade.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GitHub as a few maps: branch heads, comparisons keyed {@code base...head}, checks, pull
 * requests. Reads can be held back ({@link #hold()}) to see what happens while GitHub is slow.
 */
final class FakeGitHub implements PipelineReader, RepositoryHost, RateLimits {

    final Map<String, Commit> heads = new HashMap<>();
    final Map<String, Comparison> comparisons = new HashMap<>();
    final Map<String, Checks> checks = new HashMap<>();
    final List<PullRequest> pullRequests = new ArrayList<>();
    /** Logins GitHub answers NOT_FOUND for, per repository. */
    final Set<String> cannotRead = new HashSet<>();
    final AtomicInteger reads = new AtomicInteger();
    final Map<String, Instant> refused = new HashMap<>();
    final Map<String, Budget> budgets = new HashMap<>();
    volatile boolean push = true;
    volatile GitHubFailure failure;
    volatile int lastLimit;
    /** When set, opening a pull request fails with what it supplies (after creating it, if {@code createAnyway}). */
    volatile Supplier<GitHubFailure> openFailure;
    volatile boolean createAnyway;
    int opened;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** Reads started from now on answer only once {@link #release()} is called. */
    void hold() {
        gate = new CompletableFuture<>();
    }

    void release() {
        gate.complete(null);
    }

    @Override
    public CompletionStage<Map<Pipeline, Reading>> read(List<Pipeline> pipelines, Viewer viewer,
            Function<Pipeline, PipelineStatus> known) {
        reads.incrementAndGet();
        return gate.thenApply(open -> {
            failIfDown();
            Map<Pipeline, Reading> readings = new LinkedHashMap<>();
            for (Pipeline pipeline : pipelines) {
                readings.put(pipeline, cannotRead.contains(viewer.login()) ? new Reading.Unreadable()
                        : new Reading.Read(access(pipeline.repository()), status(pipeline)));
            }
            return readings;
        });
    }

    @Override
    public CompletionStage<Map<String, Checks>> checks(RepositoryName repository, List<String> shas, Viewer viewer) {
        Map<String, Checks> answers = new LinkedHashMap<>();
        shas.forEach(sha -> answers.put(sha, checks.getOrDefault(sha, Checks.NONE)));
        return CompletableFuture.completedFuture(answers);
    }

    @Override
    public CompletionStage<Map<RepositoryName, Optional<RepositoryAccess>>> access(List<RepositoryName> repositories,
            Viewer viewer) {
        Map<RepositoryName, Optional<RepositoryAccess>> answers = new LinkedHashMap<>();
        repositories.forEach(repository -> answers.put(repository,
                cannotRead.contains(viewer.login()) ? Optional.empty() : Optional.of(access(repository))));
        return CompletableFuture.completedFuture(answers);
    }

    private RepositoryAccess access(RepositoryName repository) {
        return new RepositoryAccess(true, push, false, "https://github.example.com/" + repository);
    }

    private synchronized PipelineStatus status(Pipeline pipeline) {
        List<EnvironmentHead> environmentHeads = pipeline.environments().stream()
                .map(environment -> new EnvironmentHead(environment, head(environment.branch()))).toList();
        List<StepReport> steps = new ArrayList<>();
        for (PromotionStep step : pipeline.steps()) {
            Commit target = head(step.target().branch());
            Commit source = head(step.source().branch());
            Comparison full = comparison(target.sha(), source.sha());
            // Like GitHub's query: the first ten pending commits; the rest only when asked for by SHA.
            Comparison forward = new Comparison(full.aheadBy(), full.behindBy(),
                    full.commits().subList(0, Math.min(10, full.commits().size())));
            List<Commit> targetOnly = new ArrayList<>(forward.behindBy() == 0 ? List.of() : comparison(source.sha(), target.sha()).commits());
            Collections.reverse(targetOnly);
            List<Commit> window = new ArrayList<>(full.commits());
            Collections.reverse(window);
            StepDrift drift = StepDrift.of(step, new StepRead(target.sha(), source.sha(), forward, targetOnly, Map.of(), window, true, Map.of()));
            steps.add(new StepReport(drift, checks.getOrDefault(source.sha(), Checks.NONE),
                    open(step.source().branch(), step.target().branch()), open(step.target().branch(), step.source().branch()),
                    null));
        }
        return new PipelineStatus(pipeline, environmentHeads, steps);
    }

    private PullRequest open(String head, String base) {
        return pullRequests.stream().filter(pr -> pr.isOpen() && pr.promotes(head, base)).findFirst().orElse(null);
    }

    private Commit head(String branch) {
        Commit head = heads.get(branch);
        if (head == null) {
            throw new GitHubFailure(GitHubFailure.Kind.NOT_FOUND, 404, "no branch " + branch);
        }
        return head;
    }

    private Comparison comparison(String base, String head) {
        Comparison comparison = comparisons.get(base + "..." + head);
        if (comparison == null) {
            throw new GitHubFailure(GitHubFailure.Kind.NOT_FOUND, 404, "no comparison " + base + "..." + head);
        }
        return comparison;
    }

    @Override
    public CompletionStage<Comparison> compare(Viewer viewer, RepositoryName repository, String baseSha, String headSha,
            int limit) {
        lastLimit = limit;
        try {
            failIfDown();
            return CompletableFuture.completedFuture(comparison(baseSha, headSha));
        } catch (GitHubFailure failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    @Override
    public CompletionStage<Comparison> comparePage(Viewer viewer, RepositoryName repository, String baseSha, String headSha,
            int page, int pageSize) {
        try {
            failIfDown();
            Comparison all = comparison(baseSha, headSha);
            int from = Math.min(all.commits().size(), (page - 1) * pageSize);
            return CompletableFuture.completedFuture(new Comparison(all.aheadBy(), all.behindBy(),
                    all.commits().subList(from, Math.min(all.commits().size(), from + pageSize))));
        } catch (GitHubFailure failed) {
            return CompletableFuture.failedFuture(failed);
        }
    }

    @Override
    public synchronized List<PullRequest> pullRequests(RepositoryName repository, String base, String head, String state,
            int limit) {
        failIfDown();
        return pullRequests.stream().filter(pr -> pr.promotes(head, base))
                .filter(pr -> state.equals("all") || pr.state().equals(state)).limit(limit).toList();
    }

    @Override
    public synchronized PullRequest openPullRequest(RepositoryName repository, String base, String head, String title,
            String body) {
        if (pullRequests.stream().anyMatch(pr -> pr.promotes(head, base) && pr.state().equals("open"))) {
            // As GitHub does: one open pull request per head and base.
            throw new GitHubFailure(GitHubFailure.Kind.UNPROCESSABLE, 422,
                    "GitHub refused the request (Validation Failed: A pull request already exists for " + repository.owner() + ":"
                            + head + ".)");
        }
        PullRequest created = new PullRequest(100 + pullRequests.size(), title, "https://github.example.com/" + repository
                + "/pull/" + (100 + pullRequests.size()), "open", "alice", base, head, Instant.parse("2026-11-26T10:00:00Z"),
                null, null);
        if (openFailure != null) {
            GitHubFailure failed = openFailure.get();
            openFailure = null;
            if (createAnyway) {
                pullRequests.add(created);
            }
            throw failed;
        }
        opened++;
        pullRequests.add(created);
        return created;
    }

    @Override
    public Optional<Budget> graphql(String login) {
        return Optional.ofNullable(budgets.get(login));
    }

    @Override
    public Optional<Budget> rest(String login) {
        return Optional.empty();
    }

    @Override
    public Instant refusedUntil(String login) {
        return refused.get(login);
    }

    @Override
    public Instant backgroundPausedUntil(String login) {
        Instant until = refusedUntil(login);
        return until != null ? until : graphql(login).filter(Budget::isLow).map(Budget::resetAt).orElse(null);
    }

    private void failIfDown() {
        if (failure != null) {
            throw failure;
        }
    }
}
