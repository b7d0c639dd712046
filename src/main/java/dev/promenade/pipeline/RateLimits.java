package dev.promenade.pipeline;

import java.time.Instant;
import java.util.Optional;

/** What Promenade knows of each user's GitHub rate limits, from GitHub's own answers. */
public interface RateLimits {

    /** The user's GraphQL budget (points) as last reported, if known. */
    Optional<Budget> graphql(String login);

    /** The user's REST budget (requests) as last reported, if known. */
    Optional<Budget> rest(String login);

    /** Until when GitHub refuses this user's requests (a rate limit was hit), or {@code null}: no request is sent before. */
    Instant refusedUntil(String login);

    /**
     * Until when background refreshes leave this user's budget alone: refused, or below
     * {@link Budget#RESERVE} of it; {@code null} when they may spend it.
     */
    Instant backgroundPausedUntil(String login);
}
