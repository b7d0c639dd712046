package dev.promenade.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    @ConfigProperty(name = "quarkus.rest-csrf.form-field-name", defaultValue = "csrf-token")
    String parameterName;

    @ConfigProperty(name = "quarkus.rest-csrf.token-header-name", defaultValue = "X-CSRF-TOKEN")
    String headerName;

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
        return parameterName;
    }

    public String headerName() {
        return headerName;
    }
}
