package dev.promenade.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Caffeine;

import dev.promenade.pipeline.Budget;
import dev.promenade.pipeline.RateLimits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Each user's GitHub budgets as GitHub last reported them: GraphQL points from the {@code rateLimit}
 * every query asks for, REST requests from the {@code x-ratelimit-*} headers. After GitHub refused
 * a user (rate limit), nothing is sent for them until the time it gave.
 */
@ApplicationScoped
public class RateBudgets implements RateLimits {

    /** Users whose budgets are remembered at most. */
    static final int USERS = 50_000;

    private final Clock clock;
    private final MeterRegistry metrics;
    private final Map<String, Budget> graphql = perUser();
    private final Map<String, Budget> rest = perUser();
    private final Map<String, Instant> refused = perUser();
    private final Map<String, Instant> restRefused = perUser();

    /**
     * Bounded, and forgetting: GitHub's windows last an hour, so an answer two hours old says nothing
     * any more, and however many people sign in, this stays small.
     */
    private static <V> Map<String, V> perUser() {
        return Caffeine.newBuilder().maximumSize(USERS).expireAfterWrite(Duration.ofHours(2)).<String, V>build().asMap();
    }

    @Inject
    public RateBudgets(Clock clock, MeterRegistry metrics) {
        this.clock = clock;
        this.metrics = metrics;
        Gauge.builder("promenade.github.rate.remaining", this, RateBudgets::lowest)
                .description("The least GraphQL budget left of any user, as GitHub last reported it").register(metrics);
    }

    /** Counts a request sent to GitHub: {@code api} graphql or rest; {@code outcome} ok, or the failure's kind. */
    void counted(String api, String outcome) {
        metrics.counter("promenade.github.requests", "api", api, "outcome", outcome).increment();
    }

    private double lowest() {
        return graphql.values().stream().filter(budget -> budget.resetAt().isAfter(clock.instant()))
                .mapToDouble(Budget::remaining).min().orElse(Double.NaN);
    }

    void graphql(String login, Budget budget) {
        graphql.put(login, budget);
    }

    void rest(String login, Budget budget) {
        rest.put(login, budget);
    }

    /** GitHub refused this user's requests, all of them, until {@code until}. */
    void refuse(String login, Instant until) {
        refused.merge(login, until, (known, later) -> later.isAfter(known) ? later : known);
    }

    /** GitHub's REST budget (not its GraphQL one) is spent for this user until {@code until}. */
    void refuseRest(String login, Instant until) {
        restRefused.merge(login, until, (known, later) -> later.isAfter(known) ? later : known);
    }

    /** Until when no REST request is sent for this user, or {@code null}. */
    Instant restRefusedUntil(String login) {
        Instant all = refusedUntil(login);
        Instant rest = restRefused.get(login);
        if (rest != null && !rest.isAfter(clock.instant())) {
            restRefused.remove(login, rest);
            rest = null;
        }
        return all != null && (rest == null || all.isAfter(rest)) ? all : rest;
    }

    @Override
    public Optional<Budget> graphql(String login) {
        return current(graphql, login);
    }

    @Override
    public Optional<Budget> rest(String login) {
        return current(rest, login);
    }

    @Override
    public Instant refusedUntil(String login) {
        Instant until = refused.get(login);
        if (until != null && !until.isAfter(clock.instant())) {
            refused.remove(login, until);
            return null;
        }
        return until;
    }

    @Override
    public Instant backgroundPausedUntil(String login) {
        Instant until = refusedUntil(login);
        return until != null ? until : graphql(login).filter(Budget::isLow).map(Budget::resetAt).orElse(null);
    }

    /** A budget whose window has ended is full again. */
    private Optional<Budget> current(Map<String, Budget> budgets, String login) {
        return Optional.ofNullable(budgets.get(login)).filter(budget -> budget.resetAt().isAfter(clock.instant()));
    }
}
