package dev.promenade.github;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;

import dev.promenade.pipeline.Budget;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;

/** Keeps the signed-in user's REST budget as GitHub's {@code x-ratelimit-*} headers state it on every answer. */
public class RestRateHeaders implements ClientResponseFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    RateBudgets budgets;

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        String limit = response.getHeaderString("X-RateLimit-Limit");
        String remaining = response.getHeaderString("X-RateLimit-Remaining");
        String reset = response.getHeaderString("X-RateLimit-Reset");
        UserInfo user = identity.isAnonymous() ? null : identity.getAttribute("userinfo");
        if (user == null || limit == null || remaining == null || reset == null) {
            return;
        }
        try {
            budgets.rest(user.getString("login"), new Budget(Integer.parseInt(limit.strip()),
                    Integer.parseInt(remaining.strip()), Instant.ofEpochSecond(Long.parseLong(reset.strip()))));
        } catch (NumberFormatException e) {
            // Not GitHub's usual headers: nothing to learn from them.
        }
    }
}
