package dev.promenade.pipeline;

/**
 * What came of asking to open a promotion (or back-merge) pull request.
 *
 * @param pullRequest the pull request opened or found open, else {@code null}
 * @param report      the step as read at click time, {@code null} when GitHub could not be read
 * @param failure     why GitHub did not do it, for {@link Outcome#GITHUB_FAILED}
 */
public record Promotion(Outcome outcome, PullRequest pullRequest, StepReport report, GitHubFailure failure) {

    public enum Outcome {
        /** A pull request was opened now. */
        OPENED,
        /** One was open already: nothing new was created. */
        ALREADY_OPEN,
        /** Nothing to promote (or, for a back-merge, nothing to bring back). */
        NOTHING_TO_DO,
        /** The target holds real changes the source lacks and the user did not confirm going ahead. */
        CONFIRMATION_NEEDED,
        /** The target environment requires green checks and the source head's are not. */
        CHECKS_NOT_GREEN,
        /** GitHub refused: the user may not push. */
        NOT_ALLOWED,
        /** GitHub failed or refused; nothing was created. */
        GITHUB_FAILED,
        /** GitHub did not answer the creation, nor the look-up after it: a pull request may or may not exist. */
        UNCONFIRMED
    }

    public boolean succeeded() {
        return outcome == Outcome.OPENED || outcome == Outcome.ALREADY_OPEN;
    }

    /** The HTTP status answering the request that asked for it. */
    public int httpStatus() {
        return switch (outcome) {
            case OPENED -> 201;
            case ALREADY_OPEN -> 200;
            case NOTHING_TO_DO, CONFIRMATION_NEEDED, CHECKS_NOT_GREEN -> 409;
            case NOT_ALLOWED -> 403;
            case GITHUB_FAILED -> failure != null && failure.kind() == GitHubFailure.Kind.RATE_LIMITED ? 429 : 502;
            case UNCONFIRMED -> 504;
        };
    }
}
