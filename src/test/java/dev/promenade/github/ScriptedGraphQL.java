package dev.promenade.github;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A GitHub GraphQL endpoint on a random port that answers as the running test scripts it: for
 * GitHub-shaped answers the sandbox does not give on its own (a timeout of one batch, a rate limit
 * in GitHub's newer words…). Every request is kept for the test to look at.
 */
public class ScriptedGraphQL implements QuarkusTestResourceLifecycleManager {

    /** An answer: HTTP status, headers, JSON body. */
    public record Reply(int status, Map<String, String> headers, String body) {
        static Reply ok(String body) {
            return new Reply(200, Map.of(), body);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** What the test wants answered to a request (its JSON body). */
    static volatile Function<JsonNode, Reply> script = request -> Reply.ok("{\"data\":{}}");
    /** Every request received, in order. */
    static final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                JsonNode json = JSON.readTree(body.toString());
                requests.add(json);
                Reply reply = script.apply(json);
                var response = request.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
                reply.headers().forEach(response::putHeader);
                response.end(reply.body());
            } catch (Exception e) {
                request.response().setStatusCode(500).end("{\"message\":\"" + e + "\"}");
            }
        }));
        try {
            server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The scripted GitHub did not start", e);
        }
        String url = "http://localhost:" + server.actualPort();
        return Map.of(
                "promenade.sandbox.enabled", "false",
                "promenade.github.api-url", url,
                "promenade.github.web-url", url,
                "promenade.github.graphql-url", url + "/graphql",
                "promenade.github.batch-size", "4");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
