package dev.promenade.pipeline;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lists of commits longer than a snapshot holds: the commits pending into an environment, and
 * pinned comparisons, a page at a time. Read by SHA, so a page never changes once read.
 */
@ApplicationScoped
public class CommitLists {

    /**
     * Commits per page of a list: one request to GitHub (its largest page) however long the list,
     * so that no page makes Promenade walk a whole comparison.
     */
    public static final int PAGE_SIZE = 100;

    private final RepositoryHost host;

    @Inject
    public CommitLists(RepositoryHost host) {
        this.host = host;
    }

    /** The first {@code limit} commits pending in a step (all of them when fewer): from the drift when it holds them. */
    public CompletionStage<List<Commit>> pending(Viewer viewer, RepositoryName repository, StepDrift drift, int limit) {
        if (drift.pending().size() >= Math.min(limit, drift.pendingCount())) {
            return CompletableFuture.completedFuture(drift.firstPending(limit));
        }
        return host.compare(viewer, repository, drift.listBase(), drift.sourceSha(), limit)
                .thenApply(comparison -> comparison.commits().subList(0, Math.min(limit, comparison.commits().size())));
    }

    /** One page of the commits pending in a step: from the drift when it holds them all. */
    public CompletionStage<List<Commit>> pendingPage(Viewer viewer, RepositoryName repository, StepDrift drift, int page) {
        if (page == 1 && drift.pending().size() >= Math.min(PAGE_SIZE, drift.pendingCount())) {
            return CompletableFuture.completedFuture(drift.firstPending(PAGE_SIZE));
        }
        return host.comparePage(viewer, repository, drift.listBase(), drift.sourceSha(), page, PAGE_SIZE)
                .thenApply(Comparison::commits);
    }

    /** One page of the commits of {@code baseSha...headSha}, with the whole comparison's counts. */
    public CompletionStage<Comparison> pinnedPage(Viewer viewer, RepositoryName repository, String baseSha, String headSha,
            int page) {
        return host.comparePage(viewer, repository, baseSha, headSha, page, PAGE_SIZE);
    }

    /**
     * The first commits GitHub counts as pending that squash promotions already carried into the
     * target: those of {@code target...squashBase} (empty without a squash base).
     */
    public CompletionStage<List<Commit>> promotedBySquash(Viewer viewer, RepositoryName repository, StepDrift drift) {
        if (drift.squashBase() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return host.comparePage(viewer, repository, drift.targetSha(), drift.squashBase(), 1, PAGE_SIZE)
                .thenApply(Comparison::commits);
    }

    /** Only the counts of {@code baseSha...headSha} (one request, listing a single commit). */
    public CompletionStage<Comparison> counts(Viewer viewer, RepositoryName repository, String baseSha, String headSha) {
        return host.comparePage(viewer, repository, baseSha, headSha, 1, 1);
    }

    /** How many pages {@code commits} commits fill (one, empty, for none). */
    public static int pages(int commits) {
        return Math.max(1, (commits + PAGE_SIZE - 1) / PAGE_SIZE);
    }
}
