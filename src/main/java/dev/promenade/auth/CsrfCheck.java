package dev.promenade.auth;

import java.util.Set;

import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Every state-changing request to a resource carries the session's CSRF token, in the form field
 * or (htmx) the header. GitHub's webhooks are not resources: they carry their own signature.
 */
public class CsrfCheck {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CsrfTokens tokens;

    @ServerRequestFilter
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        if (SAFE.contains(request.getMethod())) {
            return;
        }
        String token = request.getHeaderString(CsrfTokens.HEADER);
        if (token == null && request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context
                && context.getFormParameter(CsrfTokens.FIELD, true, false) instanceof String field) {
            token = field;
        }
        if (!(routing.user() instanceof QuarkusHttpUser user) || !tokens.valid(user.getSecurityIdentity(), token)) {
            throw new ExpiredForm();
        }
    }

    /** A form from an ended session (or from elsewhere): the page it came from has to be loaded again. */
    public static class ExpiredForm extends RuntimeException {
        ExpiredForm() {
            super("This page has expired: reload it and try again. Nothing was changed.", null, false, false);
        }
    }
}
