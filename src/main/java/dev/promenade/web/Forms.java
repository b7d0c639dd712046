package dev.promenade.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;

/**
 * The CSRF token for forms and htmx requests: {@code {inject:forms.token}}. Absent on a request
 * no resource matched (a 404 for an unknown path), which then renders without forms.
 */
@RequestScoped
@Named("forms")
public class Forms {

    @Inject
    CsrfTokenParameterProvider csrf;


    /** The token, or {@code null} when this request has none. */
    public String token() {
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
