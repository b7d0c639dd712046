package dev.promenade.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.promenade.auth.CurrentUser;
import dev.promenade.pipeline.Budget;
import dev.promenade.pipeline.RateLimits;

/** The signed-in user's GitHub budget, for the page footer: {@code {inject:budget.graphql}}. */
@RequestScoped
@Named("budget")
public class BudgetNote {

    @Inject
    CurrentUser user;

    @Inject
    RateLimits limits;

    /** "4,870 of 5,000 GraphQL points left", or {@code null} when GitHub has not said yet. */
    public String graphql() {
        return user.signedIn() ? limits.graphql(user.login()).map(budget -> left(budget, "GraphQL points")).orElse(null) : null;
    }

    /** "4,990 of 5,000 REST requests left", or {@code null}. */
    public String rest() {
        return user.signedIn() ? limits.rest(user.login()).map(budget -> left(budget, "REST requests")).orElse(null) : null;
    }

    public Integer graphqlRemaining() {
        return user.signedIn() ? limits.graphql(user.login()).map(Budget::remaining).orElse(null) : null;
    }

    /** When the GraphQL budget (else the REST one) starts again. */
    public Instant resetAt() {
        if (!user.signedIn()) {
            return null;
        }
        Optional<Budget> budget = limits.graphql(user.login()).or(() -> limits.rest(user.login()));
        return budget.map(Budget::resetAt).orElse(null);
    }

    /** Until when GitHub refuses this user's requests, or {@code null}. */
    public Instant refusedUntil() {
        return user.signedIn() ? limits.refusedUntil(user.login()) : null;
    }

    /** Until when background refreshes spare this user's budget, or {@code null}. */
    public Instant pausedUntil() {
        return user.signedIn() ? limits.backgroundPausedUntil(user.login()) : null;
    }

    private static String left(Budget budget, String unit) {
        NumberFormat format = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        return format.format(budget.remaining()) + " of " + format.format(budget.limit()) + " " + unit + " left";
    }
}
