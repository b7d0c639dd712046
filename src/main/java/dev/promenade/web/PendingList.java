package dev.promenade.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.CommitLists;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.StepReport;

/**
 * The commits pending promotion into one environment, a page at a time.
 *
 * @param commits     this page's pending commits, oldest first: all of them unless {@code listFailure}
 * @param listFailure why GitHub did not list them, {@code null} when it did
 * @param liveLink    the shareable link to this page, which follows the branches
 * @param pinnedLink  the shareable link pinned to the two heads compared, {@code null} when unknown
 * @param page        which page, from 1
 * @param checks      what CI says about the listed commits, by SHA (those GitHub did not answer for are missing)
 * @param squashed    the first of the commits GitHub counts as pending that squash promotions already carried
 *                    into the target, oldest first (empty when none or not read)
 */
public record PendingList(RepositoryCard card, PromotionStep step, List<Commit> commits, GitHubFailure listFailure,
        String liveLink, String pinnedLink, PromotionNotice notice, int page, Map<String, Checks> checks,
        List<Commit> squashed) {

    /** Squash commits on the target, each with the source commits whose content it carried, oldest first. */
    public record SquashGroup(Commit squash, List<Commit> carried) {
        public String domId() {
            return "squashed-" + (squash == null ? "earlier" : squash.shortSha());
        }
    }

    public PendingList withChecks(Map<String, Checks> found) {
        return new PendingList(card, step, commits, listFailure, liveLink, pinnedLink, notice, page, found, squashed);
    }

    public PendingList withSquashed(List<Commit> promoted) {
        return new PendingList(card, step, commits, listFailure, liveLink, pinnedLink, notice, page, checks, promoted);
    }

    /**
     * The commits already promoted by squash, grouped under the squash commit that carried them (the
     * group of commits older than any recognised squash has none).
     */
    public List<SquashGroup> squashGroups() {
        StepReport report = report();
        if (report == null || report.drift() == null) {
            return List.of();
        }
        Map<String, Commit> carriedBy = report.drift().carriedBy();
        List<SquashGroup> groups = new ArrayList<>();
        List<Commit> group = new ArrayList<>();
        for (Commit commit : squashed) {
            group.add(commit);
            if (carriedBy.containsKey(commit.sha())) {
                groups.add(new SquashGroup(carriedBy.get(commit.sha()), List.copyOf(group)));
                group.clear();
            }
        }
        if (!group.isEmpty()) {
            groups.add(new SquashGroup(null, List.copyOf(group)));
        }
        return groups;
    }

    /** All the commits pending, as GitHub counts them (0 when not known). */
    public int total() {
        StepReport report = report();
        return report == null || report.drift() == null ? 0 : report.drift().pendingCount();
    }

    public ListPage paging() {
        return new ListPage(page, total(), commits.size(), path() + "/pending/" + step.target().name());
    }

    /** GitHub's own view of the two heads compared; {@code null} when they are not known. */
    public String githubCompareUrl() {
        StepReport report = report();
        return report == null || report.drift() == null || htmlUrl() == null ? null
                : htmlUrl() + "/compare/" + report.drift().listBase() + "..." + report.drift().sourceSha();
    }

    /** Whether GitHub listed fewer commits than this page should hold. */
    public boolean incomplete() {
        return commits.size() < Math.min(CommitLists.PAGE_SIZE, total() - (paging().first() - 1));
    }

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
