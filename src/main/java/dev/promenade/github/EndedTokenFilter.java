package dev.promenade.github;

import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.promenade.auth.EndedSessions;

/**
 * A token GitHub refused once (401) is never sent again, nor one whose session was signed out: the
 * request is answered here, as GitHub would. Runs after {@link UserTokenFilter} has set the token.
 */
@Singleton
@Priority(Priorities.USER + 100)
public class EndedTokenFilter implements ClientRequestFilter, ClientResponseFilter {

    @Inject
    EndedSessions sessions;

    @Override
    public void filter(ClientRequestContext request) {
        if (sessions.isEnded(token(request))) {
            request.abortWith(Response.status(401).header(HttpHeaders.CONTENT_TYPE, "application/json")
                    .entity("{\"message\":\"Not sent: GitHub refused this token before, or its session was signed out\"}")
                    .build());
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (response.getStatus() == 401) {
            sessions.refused(token(request));
        }
    }

    /** The user's token the request carries; {@code null} for the OAuth App's own credentials (Basic). */
    private static String token(ClientRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }
}
