package dev.promenade.pipeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The promotion pull requests of the past: those from a step's source branch into its target. */
@ApplicationScoped
public class PromotionHistory {

    /** How far back the history page looks. */
    public static final int RECENT = 30;

    private final RepositoryHost host;

    @Inject
    public PromotionHistory(RepositoryHost host) {
        this.host = host;
    }

    /** The recent promotion pull requests into the step's target, open and closed, the most recent first. */
    public List<PullRequest> recent(Pipeline pipeline, PromotionStep step) {
        return host.pullRequests(pipeline.repository(), step.target().branch(), step.source().branch(), "all", RECENT);
    }
}
