package dev.promenade.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The promotion pull requests of the past: those from a step's source branch into its target. */
@ApplicationScoped
public class PromotionHistory {

    /** How far back the history page and "last promoted" look. */
    public static final int RECENT = 30;

    private final RepositoryHost host;
    private final Executor executor;

    @Inject
    public PromotionHistory(RepositoryHost host, @GitHubCalls Executor executor) {
        this.host = host;
        this.executor = executor;
    }

    /** The recent promotion pull requests into the step's target, open and closed, the most recent first. */
    public List<PullRequest> recent(Pipeline pipeline, PromotionStep step) {
        return host.pullRequests(pipeline.repository(), step.target().branch(), step.source().branch(), "all", RECENT);
    }

    /**
     * The last merged promotion of each step, by target environment, read concurrently. A step
     * GitHub fails to answer for is left out: this is a detail, not worth failing a page for.
     */
    public Map<String, PullRequest> lastMerged(Pipeline pipeline) {
        Map<String, CompletableFuture<Optional<PullRequest>>> reads = new LinkedHashMap<>();
        for (PromotionStep step : pipeline.steps()) {
            reads.put(step.target().name(), CompletableFuture.supplyAsync(() -> host
                    .pullRequests(pipeline.repository(), step.target().branch(), step.source().branch(), "closed", RECENT)
                    .stream().filter(PullRequest::isMerged).findFirst(), executor)
                    .exceptionally(failure -> Optional.empty()));
        }
        Map<String, PullRequest> last = new LinkedHashMap<>();
        reads.forEach((target, read) -> read.join().ifPresent(pr -> last.put(target, pr)));
        return last;
    }
}
