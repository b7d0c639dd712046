package dev.promenade.web;

import java.util.List;

import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.StepReport;

/**
 * Every commit pending promotion into one environment.
 *
 * @param commits     the pending commits read, oldest first: all of them unless {@code listFailure}
 * @param listFailure why GitHub did not list them all, {@code null} when it did
 * @param liveLink    the shareable link to this page, which follows the branches
 * @param pinnedLink  the shareable link pinned to the two heads compared, {@code null} when unknown
 */
public record PendingList(RepositoryCard card, PromotionStep step, List<Commit> commits, GitHubFailure listFailure,
        String liveLink, String pinnedLink, PromotionNotice notice) {

    public String name() {
        return card.name();
    }

    public String path() {
        return card.path();
    }

    public String htmlUrl() {
        return card.htmlUrl();
    }

    public StepReport report() {
        return card.observed().hasValue() ? card.observed().value().stepInto(step.target().name()).orElse(null) : null;
    }

    public StepView view() {
        return new StepView(name(), step, report(), card.repository().access(), notice);
    }
}
