package dev.promenade.pipeline;

import java.time.Instant;

/**
 * A pull request as Promenade shows it.
 *
 * @param mergeableState GitHub's {@code mergeable_state} ({@code clean}, {@code dirty}, {@code blocked},
 *                       {@code unstable}, {@code unknown}…), {@code null} when not read
 * @param mergedAt       {@code null} unless merged
 */
public record PullRequest(int number, String title, String htmlUrl, String state, String author,
        String baseBranch, String headBranch, Instant createdAt, Instant mergedAt, String mergeableState) {

    public boolean isOpen() {
        return "open".equals(state);
    }

    public boolean isMerged() {
        return mergedAt != null;
    }

    /** Whether it goes from {@code head} into {@code base}. */
    public boolean promotes(String head, String base) {
        return headBranch.equals(head) && baseBranch.equals(base);
    }
}
