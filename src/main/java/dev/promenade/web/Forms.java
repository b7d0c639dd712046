package dev.promenade.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.promenade.auth.CsrfTokens;
import dev.promenade.auth.CurrentUser;
import io.quarkus.arc.Arc;

/**
 * The CSRF token for forms and htmx requests: {@code {inject:forms.token}}. Absent without a
 * signed-in user (a public page renders without forms) and outside requests (a live update renders
 * with the token its page was given).
 */
@ApplicationScoped
@Named("forms")
public class Forms {

    @Inject
    CsrfTokens tokens;

    @Inject
    CurrentUser user;

    /** The token, or {@code null} when this request has none. */
    public String token() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return tokens.of(user.identity());
    }

    public String parameterName() {
        return CsrfTokens.FIELD;
    }

    public String headerName() {
        return CsrfTokens.HEADER;
    }
}
