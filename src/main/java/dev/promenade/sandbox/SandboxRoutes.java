package dev.promenade.sandbox;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.promenade.config.PromenadeConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Serves the sandbox under {@code /sandbox} when enabled, and nothing at all otherwise. Plain
 * Vert.x routes, not JAX-RS: it plays another server, so the application's own filters (CSRF,
 * error pages) must not apply to it.
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxRoutes {

    private static final String REPO = "/sandbox/api/repos/([^/]+)/([^/]+)";

    void register(@Observes Router router, PromenadeConfig config, SandboxApi api, SandboxGraphQL graphql,
            SandboxOAuth oauth, SandboxPages pages, SandboxLimits limits, SandboxApp app, Vertx vertx) {
        if (!config.sandbox().enabled()) {
            return;
        }
        long latency = config.sandbox().latency().toMillis();
        router.routeWithRegex("/sandbox/(api/.*|login/oauth/access_token)").handler(context -> {
            long start = System.currentTimeMillis();
            String kind = context.request().path().endsWith("/graphql") ? "graphql" : "rest";
            context.addEndHandler(done -> limits.served(kind, start, System.currentTimeMillis()));
            if (latency > 0) {
                // Every GitHub request takes at least this long, as across a real network; nothing waits in a thread.
                vertx.setTimer(latency, timer -> context.next());
            } else {
                context.next();
            }
        });
        router.post("/sandbox/api/graphql").handler(BodyHandler.create()).blockingHandler(graphql::query, false);
        router.get("/sandbox/stats").handler(context -> context.json(limits.stats(
                Long.parseLong(Optional.ofNullable(context.request().getParam("since")).filter(since -> since.matches("\\d{1,15}"))
                        .orElse("0")))));
        router.get("/sandbox/api/user").blockingHandler(api::user, false);
        router.get("/sandbox/api/app/installations").blockingHandler(app::installations, false);
        router.post("/sandbox/api/app/installations/:id/access_tokens").blockingHandler(app::accessToken, false);
        router.get("/sandbox/api/installation/repositories").blockingHandler(app::repositories, false);
        router.delete("/sandbox/api/applications/:client_id/token").handler(BodyHandler.create())
                .blockingHandler(oauth::revoke, false);
        router.getWithRegex(REPO).blockingHandler(api::repository, false);
        router.getWithRegex(REPO + "/branches/(.+)").blockingHandler(api::branch, false);
        router.getWithRegex(REPO + "/compare/(.+)").blockingHandler(api::compare, false);
        router.getWithRegex(REPO + "/pulls").blockingHandler(api::pulls, false);
        router.postWithRegex(REPO + "/pulls").handler(BodyHandler.create()).blockingHandler(api::createPull, false);
        router.getWithRegex(REPO + "/pulls/(\\d{1,9})").blockingHandler(api::pull, false);
        router.getWithRegex(REPO + "/commits/([^/]+)/status").blockingHandler(api::status, false);
        router.getWithRegex(REPO + "/commits/([^/]+)/check-runs").blockingHandler(api::checkRuns, false);
        router.get("/sandbox/login/oauth/authorize").blockingHandler(oauth::authorize, false);
        router.get("/sandbox/login/oauth/grant").blockingHandler(oauth::grant, false);
        router.post("/sandbox/login/oauth/access_token").handler(BodyHandler.create()).blockingHandler(oauth::token, false);
        router.getWithRegex("/sandbox/avatars/u/(\\d{1,12})").handler(pages::avatar);
        router.getWithRegex("/sandbox/([^/]+)/([^/]+)/commit/([0-9a-f]{7,40})").blockingHandler(pages::commit, false);
        router.getWithRegex("/sandbox/([^/]+)/([^/]+)/compare/([0-9a-f]{7,40})\\.\\.\\.([0-9a-f]{7,40})")
                .blockingHandler(pages::compare, false);
        router.getWithRegex("/sandbox/([^/]+)/([^/]+)/pull/(\\d{1,9})").blockingHandler(pages::pull, false);
        router.postWithRegex("/sandbox/([^/]+)/([^/]+)/pull/(\\d{1,9})/merge").handler(BodyHandler.create())
                .blockingHandler(pages::merge, false);
        router.getWithRegex("/sandbox/(?!api/|login/|avatars/)([^/]+)/([^/]+)").blockingHandler(pages::repository, false);
        router.postWithRegex("/sandbox/(?!api/|login/|avatars/)([^/]+)/([^/]+)/push").handler(BodyHandler.create())
                .blockingHandler(pages::push, false);
        router.postWithRegex("/sandbox/(?!api/|login/|avatars/)([^/]+)/([^/]+)/installation").handler(BodyHandler.create())
                .blockingHandler(pages::installation, false);
    }
}
