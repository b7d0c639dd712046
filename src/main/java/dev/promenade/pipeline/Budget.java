package dev.promenade.pipeline;

import java.time.Instant;

/**
 * Where a user stands with one of GitHub's hourly rate limits.
 *
 * @param limit     the points (GraphQL) or requests (REST) allowed per window
 * @param remaining what is left of it
 * @param resetAt   when the window starts again
 */
public record Budget(int limit, int remaining, Instant resetAt) {

    /** Below this share of the limit, background refreshes stop spending the user's budget. */
    public static final double RESERVE = 0.10;

    public boolean isLow() {
        return limit > 0 && remaining < limit * RESERVE;
    }
}
