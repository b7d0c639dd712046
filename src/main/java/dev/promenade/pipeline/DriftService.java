package dev.promenade.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads environment heads, promotion drift, checks and open pull requests. All reads of a page run
 * concurrently: every branch head and the open pull requests at once, each step's comparison as
 * soon as its two heads are known, its checks as soon as it is known something is pending.
 */
@ApplicationScoped
public class DriftService {

    /** Pending commits read per step for the overview and repository pages. */
    public static final int PREVIEW = 10;
    /** Commits only the target has that are read to tell hotfixes from promotion merges. */
    static final int TARGET_ONLY_LIMIT = 1000;

    private final RepositoryHost host;
    private final Executor executor;
    private final LastKnown<String, PipelineStatus> statuses;
    private final LastKnown<String, StepReport> pendingLists;

    @Inject
    public DriftService(RepositoryHost host, @GitHubCalls Executor executor, Clock clock) {
        this.host = host;
        this.executor = executor;
        this.statuses = new LastKnown<>(clock);
        this.pendingLists = new LastKnown<>(clock);
    }

    /**
     * Heads and steps (with the first {@link #PREVIEW} pending commits each) of each pipeline, in the
     * given order. A pipeline GitHub fails for carries the failure and its last known status.
     *
     * @throws GitHubFailure of kind {@link GitHubFailure.Kind#UNAUTHORIZED}: the user must sign in again
     */
    public List<Observed<PipelineStatus>> statuses(List<Pipeline> pipelines) {
        List<CompletableFuture<PipelineStatus>> reads = pipelines.stream().map(this::read).toList();
        List<Observed<PipelineStatus>> observed = new ArrayList<>();
        for (int i = 0; i < pipelines.size(); i++) {
            observed.add(settle(statuses, key(pipelines.get(i).repository()), reads.get(i)));
        }
        return observed;
    }

    public Observed<PipelineStatus> status(Pipeline pipeline) {
        return statuses(List.of(pipeline)).get(0);
    }

    /** One step with every pending commit; its failure carries the last known list. */
    public Observed<StepReport> pending(Pipeline pipeline, PromotionStep step) {
        return settle(pendingLists, key(pipeline.repository()) + " " + step.target().name(), readStep(pipeline, step));
    }

    /**
     * One step as GitHub has it now, every pending commit included, for acting on it.
     *
     * @throws GitHubFailure when GitHub does not answer
     */
    public StepReport fresh(Pipeline pipeline, PromotionStep step) {
        try {
            return readStep(pipeline, step).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The commits of {@code baseSha...headSha}, all of them. Pinned comparisons never change, so nothing is remembered. */
    public Comparison pinned(RepositoryName repository, String baseSha, String headSha) {
        return host.compare(repository, baseSha, headSha, Integer.MAX_VALUE);
    }

    private CompletableFuture<StepReport> readStep(Pipeline pipeline, PromotionStep step) {
        RepositoryName repository = pipeline.repository();
        Map<Environment, CompletableFuture<Commit>> heads = Map.of(
                step.target(), async(() -> host.branchHead(repository, step.target().branch())),
                step.source(), async(() -> host.branchHead(repository, step.source().branch())));
        CompletableFuture<List<PullRequest>> open = async(() -> host.openPullRequests(repository));
        return report(repository, step, heads, open, Integer.MAX_VALUE);
    }

    private CompletableFuture<PipelineStatus> read(Pipeline pipeline) {
        RepositoryName repository = pipeline.repository();
        Map<Environment, CompletableFuture<Commit>> heads = new LinkedHashMap<>();
        for (Environment environment : pipeline.environments()) {
            heads.put(environment, async(() -> host.branchHead(repository, environment.branch())));
        }
        CompletableFuture<List<PullRequest>> open = async(() -> host.openPullRequests(repository));
        List<CompletableFuture<StepReport>> steps = pipeline.steps().stream()
                .map(step -> report(repository, step, heads, open, PREVIEW))
                .toList();
        List<CompletableFuture<?>> all = new ArrayList<>(heads.values());
        all.addAll(steps);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> new PipelineStatus(pipeline,
                        heads.entrySet().stream().map(e -> new EnvironmentHead(e.getKey(), e.getValue().join())).toList(),
                        steps.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<StepReport> report(RepositoryName repository, PromotionStep step,
            Map<Environment, CompletableFuture<Commit>> heads, CompletableFuture<List<PullRequest>> open, int limit) {
        CompletableFuture<StepDrift> drift = heads.get(step.target())
                .thenCombine(heads.get(step.source()), HeadPair::new)
                .thenCompose(pair -> drift(repository, step, pair, limit));
        CompletableFuture<Checks> checks = drift.thenCompose(known -> known.hasPending()
                ? async(() -> host.checks(repository, known.sourceSha()))
                : CompletableFuture.completedFuture(null));
        CompletableFuture<PullRequest> promotion = open.thenCompose(
                prs -> detailed(repository, prs, step.source().branch(), step.target().branch()));
        CompletableFuture<PullRequest> backMerge = open.thenCompose(
                prs -> detailed(repository, prs, step.target().branch(), step.source().branch()));
        return CompletableFuture.allOf(drift, checks, promotion, backMerge)
                .thenApply(done -> new StepReport(drift.join(), checks.join(), promotion.join(), backMerge.join()));
    }

    /** GitHub tells whether a pull request can be merged only when asked for that one pull request. */
    private CompletableFuture<PullRequest> detailed(RepositoryName repository, List<PullRequest> open, String head,
            String base) {
        return open.stream().filter(pr -> pr.promotes(head, base)).findFirst()
                .map(pr -> async(() -> host.pullRequest(repository, pr.number())))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<StepDrift> drift(RepositoryName repository, PromotionStep step, HeadPair heads, int limit) {
        String targetSha = heads.target().sha();
        String sourceSha = heads.source().sha();
        return async(() -> host.compare(repository, targetSha, sourceSha, limit)).thenCompose(forward -> {
            if (forward.behindBy() == 0) {
                return CompletableFuture.completedFuture(
                        StepDrift.classify(step, targetSha, sourceSha, forward, List.of(), true));
            }
            return async(() -> host.compare(repository, sourceSha, targetSha, TARGET_ONLY_LIMIT))
                    .thenApply(targetOnly -> StepDrift.classify(step, targetSha, sourceSha, forward,
                            targetOnly.commits(), targetOnly.isComplete()));
        });
    }

    private <T> CompletableFuture<T> async(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, executor);
    }

    private static <V> Observed<V> settle(LastKnown<String, V> memory, String key, CompletableFuture<V> read) {
        try {
            return memory.succeeded(key, read.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof GitHubFailure failure) {
                if (failure.kind() == GitHubFailure.Kind.UNAUTHORIZED) {
                    throw failure;
                }
                return memory.failed(key, failure);
            }
            throw e;
        }
    }

    private static String key(RepositoryName repository) {
        return repository.fullName().toLowerCase(Locale.ROOT);
    }

    private record HeadPair(Commit target, Commit source) {
    }
}
