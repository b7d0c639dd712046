package dev.promenade.web;

import java.time.Instant;

import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Promotion;
import dev.promenade.pipeline.Promotion.Outcome;

/** What a promotion or back-merge request came to, told on the step it was about. */
public record PromotionNotice(String text, boolean succeeded) {

    public static final String BACK_MERGE = "back-merge";
    public static final String PROMOTION = "promotion";

    public static PromotionNotice of(String action, Promotion promotion, String repository, Ages ages) {
        GitHubFailure failure = promotion.failure();
        return of(action, promotion.outcome(), promotion.pullRequest() == null ? 0 : promotion.pullRequest().number(),
                failure == null ? null : failure.retryAt(), failure == null ? null : failure.getMessage(), repository, ages);
    }

    /**
     * @param pullRequest the pull request number, 0 when none
     * @param retryAt     when a rate limit resets, {@code null} otherwise
     * @param reason      GitHub's words for a failure, {@code null} when not known
     */
    public static PromotionNotice of(String action, Outcome outcome, int pullRequest, Instant retryAt, String reason,
            String repository, Ages ages) {
        String text = switch (outcome) {
            case OPENED -> "Opened pull request #" + pullRequest + ".";
            case ALREADY_OPEN -> "The " + action + " pull request #" + pullRequest + " is already open; nothing new was created.";
            case NOTHING_TO_DO -> BACK_MERGE.equals(action) ? "Nothing to bring back anymore." : "Nothing to promote anymore.";
            case CONFIRMATION_NEEDED -> "Not promoted: confirm first that the target's own commits may be merged.";
            case CHECKS_NOT_GREEN -> "Not promoted: the required checks have not all passed.";
            case NOT_ALLOWED -> "You need write access to " + repository + " to open this pull request.";
            case GITHUB_FAILED -> retryAt != null
                    ? "GitHub's rate limit is exhausted; nothing was created. Try again " + ages.until(retryAt) + "."
                    : "GitHub did not answer; nothing was created; try again." + (reason == null ? "" : " (" + reason + ")");
        };
        return new PromotionNotice(text, outcome == Outcome.OPENED || outcome == Outcome.ALREADY_OPEN);
    }
}
