package dev.promenade.web;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.promenade.config.PromenadeConfig;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;

/**
 * Headers on every response, whoever writes it (pages, errors, redirects to GitHub, static files):
 * no inline script or style, no framing (Promote cannot be clickjacked), no sniffing, no referrer
 * leaving the site, and HSTS when Promenade is served over https.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Before every other route, authentication (-200) included. */
    private static final int FIRST = -1000;

    @Inject
    PromenadeConfig config;

    void register(@Observes Router router) {
        String policy = policy();
        boolean https = config.publicUrl().map(url -> "https".equalsIgnoreCase(url.getScheme())).orElse(false);
        router.route().order(FIRST).handler(context -> {
            context.addHeadersEndHandler(ignored -> {
                MultiMap headers = context.response().headers();
                headers.set("Content-Security-Policy", policy);
                headers.set("X-Frame-Options", "DENY");
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "same-origin");
                headers.set("Cross-Origin-Opener-Policy", "same-origin");
                if (https) {
                    headers.set("Strict-Transport-Security", "max-age=31536000");
                }
                if (isStatic(context.request().path())) {
                    if (context.response().getStatusCode() == 200) {
                        // A versioned link (?v=, see Layout) never changes; an unversioned one is checked again each time.
                        headers.set("Cache-Control", context.request().getParam("v") != null
                                ? "public, max-age=31536000, immutable" : "no-cache");
                    }
                } else if (!headers.contains("Cache-Control")) {
                    // Pages name private repositories and carry the session's CSRF token: no shared caches, no disk.
                    headers.set("Cache-Control", "no-store");
                }
            });
            context.next();
        });
    }

    /**
     * Only this site's files; avatars from GitHub's avatar host (github.com) or from the GitHub
     * Enterprise host itself.
     */
    String policy() {
        URI web = config.github().webUrl();
        String githubOrigin = web.getScheme() + "://" + web.getAuthority();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https://avatars.githubusercontent.com "
                + githubOrigin + "; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    private static boolean isStatic(String path) {
        return path != null && (path.startsWith("/static/") || path.startsWith("/webjars/") || path.equals("/favicon.ico"));
    }
}
