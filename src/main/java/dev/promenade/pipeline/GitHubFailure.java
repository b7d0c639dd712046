package dev.promenade.pipeline;

import java.time.Instant;

/**
 * GitHub did not give the data asked for. Thrown by {@link RepositoryHost}, turned into an
 * {@link Observed} failure before anything reaches a template.
 */
public class GitHubFailure extends RuntimeException {

    public enum Kind {
        /** No such repository, branch or commit, or the user cannot see it (GitHub answers 404 for both). */
        NOT_FOUND,
        /** The user's token is no longer valid. */
        UNAUTHORIZED,
        /** The token may not do this. */
        FORBIDDEN,
        /** The primary or a secondary rate limit is exhausted. */
        RATE_LIMITED,
        /** GitHub refused the request as invalid (422). */
        UNPROCESSABLE,
        /** GitHub answered 5xx, or not at all. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final int status;
    private final Instant retryAt;

    /**
     * @param status  GitHub's HTTP status, 0 when it did not answer
     * @param retryAt when a rate limit resets, {@code null} otherwise
     */
    public GitHubFailure(Kind kind, int status, String message, Instant retryAt) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAt = retryAt;
    }

    public GitHubFailure(Kind kind, int status, String message) {
        this(kind, status, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** When a rate limit resets, or {@code null}. */
    public Instant retryAt() {
        return retryAt;
    }

    /** The same failure, saying what Promenade was doing when it happened. */
    public GitHubFailure during(String action) {
        GitHubFailure failure = new GitHubFailure(kind, status, action + ": " + getMessage(), retryAt);
        failure.initCause(this);
        return failure;
    }

    /** What GitHub said, without what Promenade was doing (which may name a repository). */
    public String reason() {
        return getCause() instanceof GitHubFailure cause ? cause.reason() : getMessage();
    }
}
