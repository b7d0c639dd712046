package dev.promenade.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.JavaScriptRequestChecker;
import io.vertx.ext.web.RoutingContext;

/**
 * When a session has expired, an htmx request must not follow a redirect to GitHub inside a swap:
 * Quarkus answers it with 499 instead, and the page reloads to sign in again.
 */
@ApplicationScoped
public class HtmxRequests implements JavaScriptRequestChecker {

    @Override
    public boolean isJavaScriptRequest(RoutingContext context) {
        return "true".equals(context.request().getHeader("HX-Request"));
    }
}
