package dev.promenade.auth;

import java.util.function.BiConsumer;

import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * When GitHub stops accepting a session's token (the user revoked the OAuth App, an admin removed
 * it), Quarkus fails the request with an empty 401. Instead, forget the session and say why, so
 * the next page signs in again.
 */
public class SessionEnded {

    /** Between Quarkus's authentication (order -200), which installs its failure handler, and authorization (-100). */
    private static final int AFTER_AUTHENTICATION = -150;

    static final String PATH = "/signed-out?reason=github";

    void register(@Observes Router router) {
        router.route().order(AFTER_AUTHENTICATION).handler(context -> {
            BiConsumer<RoutingContext, Throwable> quarkus = context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
            if (quarkus != null) {
                context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, (BiConsumer<RoutingContext, Throwable>) (event, failure) -> {
                    if (DefaultAuthFailureHandler.extractRootCause(failure) instanceof AuthenticationCompletionException
                            && !event.response().ended()) {
                        signOut(event);
                    } else {
                        quarkus.accept(event, failure);
                    }
                });
            }
            context.next();
        });
    }

    private static void signOut(RoutingContext event) {
        for (Cookie cookie : event.request().cookies()) {
            if (cookie.getName().startsWith("q_session")) {
                event.response().addCookie(Cookie.cookie(cookie.getName(), "").setPath("/").setMaxAge(0));
            }
        }
        boolean htmx = "true".equals(event.request().getHeader("HX-Request"));
        // htmx reloads the page on 499 (see promenade.js) rather than swapping a redirect.
        event.response().setStatusCode(htmx ? 499 : 302).putHeader("Location", PATH).putHeader("Cache-Control", "no-store")
                .end();
    }
}
