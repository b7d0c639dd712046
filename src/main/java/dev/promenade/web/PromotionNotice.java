package dev.promenade.web;

import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Promotion;

/** What a promotion or back-merge request came to, told on the step it was about. */
public record PromotionNotice(String text, boolean succeeded) {

    public static final String BACK_MERGE = "back-merge";
    public static final String PROMOTION = "promotion";

    public static PromotionNotice of(String action, Promotion promotion, String repository, Ages ages) {
        int number = promotion.pullRequest() == null ? 0 : promotion.pullRequest().number();
        String text = switch (promotion.outcome()) {
            case OPENED -> "Opened pull request #" + number + ".";
            case ALREADY_OPEN -> "The " + action + " pull request #" + number + " is already open; nothing new was created.";
            case NOTHING_TO_DO -> BACK_MERGE.equals(action) ? "Nothing to bring back anymore." : "Nothing to promote anymore.";
            case CONFIRMATION_NEEDED -> "Not promoted: confirm first that the target's own commits may be merged.";
            case CHECKS_NOT_GREEN -> "Not promoted: the required checks have not all passed.";
            case NOT_ALLOWED -> "You need write access to " + repository + " to open this pull request.";
            case UNCONFIRMED -> "GitHub did not answer, and did not say afterwards whether it opened the pull request. "
                    + "Look at " + repository + "'s open pull requests on GitHub before trying again.";
            case GITHUB_FAILED -> failed(promotion.failure(), ages);
        };
        return new PromotionNotice(text, promotion.succeeded());
    }

    /** GitHub's own words where it gave some: a 422 says why it refused. */
    private static String failed(GitHubFailure failure, Ages ages) {
        if (failure == null) {
            return "GitHub did not answer; nothing was created; try again.";
        }
        return switch (failure.kind()) {
            case RATE_LIMITED -> "GitHub's rate limit is exhausted; nothing was created. Try again "
                    + (failure.retryAt() == null ? "later" : ages.until(failure.retryAt())) + ".";
            case UNPROCESSABLE, FORBIDDEN, NOT_FOUND -> failure.reason() + ". Nothing was created.";
            case UNAUTHORIZED -> "GitHub no longer accepts your sign-in; nothing was created. Sign out, then sign in again.";
            case UNAVAILABLE -> failure.reason() + "; nothing was created; try again.";
        };
    }
}
