package dev.promenade.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.Response;

import dev.promenade.pipeline.Budget;
import io.quarkus.arc.Arc;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Keeps the signed-in user's REST budget as GitHub's {@code x-ratelimit-*} headers state it on
 * every answer, and stops requests GitHub would refuse: after a rate limit answer, nothing is sent
 * for the user until the time GitHub gave (the request is answered here, as GitHub would).
 */
public class RestRateHeaders implements ClientRequestFilter, ClientResponseFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    RateBudgets budgets;

    @Inject
    Clock clock;

    @Override
    public void filter(ClientRequestContext request) {
        String login = login();
        Instant until = login == null ? null : budgets.restRefusedUntil(login);
        if (until != null) {
            long seconds = Math.max(1, Duration.between(clock.instant(), until).toSeconds());
            request.abortWith(Response.status(429).header("Retry-After", String.valueOf(seconds))
                    .entity("{\"message\":\"Not sent: GitHub's rate limit for this user is exhausted\"}").build());
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        budgets.counted("rest", response.getStatus() < 400 ? "ok" : String.valueOf(response.getStatus()));
        String login = login();
        if (login == null) {
            return;
        }
        Integer limit = number(response.getHeaderString("X-RateLimit-Limit"));
        Integer remaining = number(response.getHeaderString("X-RateLimit-Remaining"));
        Integer reset = number(response.getHeaderString("X-RateLimit-Reset"));
        Integer retryAfter = number(response.getHeaderString("Retry-After"));
        if (limit != null && remaining != null && reset != null) {
            budgets.rest(login, new Budget(limit, remaining, Instant.ofEpochSecond(reset)));
        }
        boolean refused = response.getStatus() == 403 || response.getStatus() == 429;
        if (refused && retryAfter != null) {
            // A secondary limit: it holds for every kind of request.
            budgets.refuse(login, clock.instant().plusSeconds(retryAfter));
        } else if (refused && Integer.valueOf(0).equals(remaining) && reset != null) {
            budgets.refuseRest(login, Instant.ofEpochSecond(reset));
        }
    }

    /** The signed-in user the request is made for; {@code null} outside a request of theirs (a live update). */
    private String login() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        UserInfo user = identity.isAnonymous() ? null : identity.getAttribute("userinfo");
        return user == null ? null : user.getString("login");
    }

    private static Integer number(String header) {
        try {
            return header == null ? null : Integer.valueOf(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
