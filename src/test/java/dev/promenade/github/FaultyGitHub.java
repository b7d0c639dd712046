package dev.promenade.github;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * GitHub as it fails: a proxy on a random port in front of the test application's sandbox that
 * answers requests about repositories (REST and GraphQL) with the fault a test sets — a status with
 * GitHub's body and headers, a rate limit, no answer, a broken or cut-off body, a dropped
 * connection — either instead of the sandbox, or after the sandbox did the work.
 */
public class FaultyGitHub implements QuarkusTestResourceLifecycleManager {

    /** What goes wrong. */
    public enum Fault {
        NONE, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, UNPROCESSABLE, RATE_LIMIT_403, RATE_LIMIT_429, SERVER_ERROR,
        BAD_GATEWAY, UNAVAILABLE, GATEWAY_TIMEOUT, TIMEOUT, MALFORMED_JSON, TRUNCATED_BODY, CONNECTION_DROPPED
    }

    /** Which requests it hits. */
    public enum Target {
        /** Every request about a repository (GraphQL queries, comparisons, pull requests). */
        REPOSITORIES,
        /** Only the request creating a pull request, before the sandbox sees it. */
        CREATE_BEFORE,
        /** Only the request creating a pull request, after the sandbox created it. */
        CREATE_AFTER
    }

    static volatile Fault fault = Fault.NONE;
    static volatile Target target = Target.REPOSITORIES;
    private static final List<HttpServerRequest> hanging = new CopyOnWriteArrayList<>();

    private Vertx vertx;

    public static void set(Fault newFault, Target newTarget) {
        target = newTarget;
        fault = newFault;
    }

    public static void clear() {
        fault = Fault.NONE;
        hanging.forEach(request -> request.connection().close());
        hanging.clear();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int app = Integer.getInteger("quarkus.http.test-port", 8081);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(app));
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            boolean repositories = request.path().contains("/repos/") || request.path().endsWith("/graphql");
            boolean create = request.method() == HttpMethod.POST && request.path().endsWith("/pulls");
            Fault now = fault;
            boolean hit = now != Fault.NONE && (target == Target.REPOSITORIES ? repositories : create);
            if (hit && target != Target.CREATE_AFTER) {
                answer(request, now);
                return;
            }
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers()).remove("Host");
            client.request(new RequestOptions().setMethod(request.method()).setURI(request.uri()).setHeaders(headers))
                    .compose(forwarded -> forwarded.send(body))
                    .compose(response -> response.body().map(answer -> {
                        if (hit) {
                            answer(request, now);
                        } else {
                            request.response().setStatusCode(response.statusCode()).headers().addAll(response.headers())
                                    .remove("Transfer-Encoding");
                            request.response().end(answer);
                        }
                        return null;
                    }))
                    .onFailure(failure -> request.response().setStatusCode(502).end());
        }));
        int port = server.listen(0).toCompletionStage().toCompletableFuture().join().actualPort();
        String sandbox = "http://localhost:" + port + "/sandbox/api";
        return Map.of("promenade.github.api-url", sandbox);
    }

    private static void answer(HttpServerRequest request, Fault fault) {
        var response = request.response().putHeader("Content-Type", "application/json; charset=utf-8");
        // Limits that reset within seconds, so that a test can wait for them.
        long reset = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis()) + 2;
        switch (fault) {
            case UNAUTHORIZED -> response.setStatusCode(401).end("{\"message\":\"Bad credentials\",\"status\":\"401\"}");
            case FORBIDDEN -> response.setStatusCode(403).end("{\"message\":\"Resource not accessible by integration\",\"status\":\"403\"}");
            case NOT_FOUND -> response.setStatusCode(404).end("{\"message\":\"Not Found\",\"status\":\"404\"}");
            case CONFLICT -> response.setStatusCode(409).end("{\"message\":\"Git Repository is empty.\",\"status\":\"409\"}");
            case UNPROCESSABLE -> response.setStatusCode(422).end("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                    + "\"PullRequest\",\"code\":\"custom\",\"message\":\"The base branch is protected\"}],\"status\":\"422\"}");
            case RATE_LIMIT_403 -> response.setStatusCode(403).putHeader("X-RateLimit-Limit", "5000")
                    .putHeader("X-RateLimit-Remaining", "0").putHeader("X-RateLimit-Reset", String.valueOf(reset))
                    .end("{\"message\":\"API rate limit exceeded for user ID 1.\",\"status\":\"403\"}");
            case RATE_LIMIT_429 -> response.setStatusCode(429).putHeader("Retry-After", "2")
                    .end("{\"message\":\"You have exceeded a secondary rate limit.\",\"status\":\"429\"}");
            case SERVER_ERROR -> response.setStatusCode(500).end("{\"message\":\"Server Error\"}");
            case BAD_GATEWAY -> response.setStatusCode(502).end("{\"message\":\"Server Error\"}");
            case UNAVAILABLE -> response.setStatusCode(503).end("{\"message\":\"Service Unavailable\"}");
            case GATEWAY_TIMEOUT -> response.setStatusCode(504).end("{\"message\":\"We couldn't respond to your request in time.\"}");
            case TIMEOUT -> hanging.add(request);
            case MALFORMED_JSON -> response.setStatusCode(200).end("{\"data\": {\"r0\": [}");
            case TRUNCATED_BODY -> {
                response.setStatusCode(200).putHeader("Content-Length", "4096").write("{\"data\":{\"r0\":{\"viewerPermission\"");
                request.connection().close();
            }
            case CONNECTION_DROPPED -> request.connection().close();
            case NONE -> response.setStatusCode(500).end();
        }
    }

    @Override
    public void stop() {
        clear();
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
