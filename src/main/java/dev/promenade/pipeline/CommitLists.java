package dev.promenade.pipeline;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lists of commits longer than a snapshot holds: every commit pending into an environment, and
 * pinned comparisons. Read by SHA, so a list never changes once read.
 */
@ApplicationScoped
public class CommitLists {

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
        return host.compare(viewer, repository, drift.targetSha(), drift.sourceSha(), limit)
                .thenApply(comparison -> comparison.commits().subList(0, Math.min(limit, comparison.commits().size())));
    }

    /** The commits of {@code baseSha...headSha}, all of them. */
    public CompletionStage<Comparison> pinned(Viewer viewer, RepositoryName repository, String baseSha, String headSha) {
        return host.compare(viewer, repository, baseSha, headSha, Integer.MAX_VALUE);
    }
}
