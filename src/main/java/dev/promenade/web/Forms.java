package dev.promenade.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.arc.Arc;
import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;

/**
 * The CSRF token for forms and htmx requests: {@code {inject:forms.token}}. Absent on a request
 * no resource matched (a 404 for an unknown path), which then renders without forms, and outside
 * requests (a live update renders with the token its page was given).
 */
@ApplicationScoped
@Named("forms")
public class Forms {

    @Inject
    CsrfTokenParameterProvider csrf;

    /** The token, or {@code null} when this request has none. */
    public String token() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        try {
            return csrf.getToken();
        } catch (IllegalStateException noToken) {
            return null;
        }
    }

    public String parameterName() {
        return csrf.getParameterName();
    }

    public String headerName() {
        return csrf.getHeaderName();
    }
}
