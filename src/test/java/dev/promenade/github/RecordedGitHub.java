package dev.promenade.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * GitHub replaying real recorded answers (src/test/resources/github-recordings) on a random port:
 * a request is answered with the recording whose URL it asks for, status, headers and body as
 * GitHub sent them. What no recording covers is a 404, as GitHub would answer.
 */
public class RecordedGitHub implements QuarkusTestResourceLifecycleManager {

    static final Path RECORDINGS = Paths.get("src/test/resources/github-recordings");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB4J_PATH = "/repos/hub4j-test-org/github-api/";
    private static final String HUB4J_ID_PATH = "/repositories/206888201/";

    /** Every recording by the request it answered ({@code GET /path?sorted&query}): names of mapping and body files. */
    private static final Map<String, List<String>> ROUTES = routes();

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::answer);
        try {
            server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The recorded GitHub did not start", e);
        }
        String url = "http://localhost:" + server.actualPort();
        return Map.of(
                "promenade.sandbox.enabled", "false",
                "promenade.github.api-url", url,
                "promenade.github.web-url", url);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private void answer(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String recording = recordingFor(request.method().name(), request.uri(), body.toString());
            if (recording == null) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/json; charset=utf-8")
                        .end("{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
                return;
            }
            replay(request, recording);
        });
    }

    private void replay(HttpServerRequest request, String recording) {
        JsonNode mapping = read(recording + ".mapping.json");
        JsonNode response = mapping.get("response");
        var answer = request.response().setStatusCode(response.get("status").asInt());
        response.get("headers").fields().forEachRemaining(header -> {
            if (!header.getKey().equalsIgnoreCase("Content-Length") && !header.getKey().equalsIgnoreCase("Transfer-Encoding")) {
                answer.putHeader(header.getKey(), header.getValue().isArray()
                        ? String.join(", ", header.getValue().findValuesAsText(""))
                        : header.getValue().asText());
            }
        });
        Path body = RECORDINGS.resolve(recording + ".body.json");
        if (Files.exists(body)) {
            answer.end(io.vertx.core.buffer.Buffer.buffer(readBytes(body)));
        } else {
            answer.end(response.has("body") ? response.get("body").asText() : "");
        }
    }

    /**
     * The recording answering a request as GitHub would: query parameters in any order; {@code page=1}
     * is the default page; a repository is also reachable by its id (hub4j followed such {@code Link}s);
     * the first page of 100 of a comparison with fewer commits is the unpaged answer. Recordings of
     * the same request are told apart by the {@code title} they were sent.
     */
    private static String recordingFor(String method, String target, String body) {
        List<String> candidates = new ArrayList<>();
        candidates.add(target);
        candidates.add(target.replace("&page=1", ""));
        candidates.add(target.replace(HUB4J_PATH, HUB4J_ID_PATH));
        if (target.contains("per_page=100&page=1")) {
            candidates.add(target.substring(0, target.indexOf('?')));
        }
        String title = body.isBlank() ? null : titleOf(body);
        return candidates.stream().map(candidate -> ROUTES.get(method + " " + normalize(candidate)))
                .filter(Objects::nonNull).flatMap(List::stream)
                .filter(name -> title == null || title.equals(titleOf(requestBody(name))))
                .findFirst().orElse(null);
    }

    private static Map<String, List<String>> routes() {
        Map<String, List<String>> routes = new HashMap<>();
        try (Stream<Path> files = Files.walk(RECORDINGS)) {
            files.filter(file -> file.getFileName().toString().endsWith(".mapping.json")).forEach(file -> {
                String name = RECORDINGS.relativize(file).toString().replace(".mapping.json", "");
                JsonNode request = read(name + ".mapping.json").get("request");
                routes.computeIfAbsent(request.get("method").asText() + " " + normalize(request.get("url").asText()),
                        key -> new ArrayList<>()).add(name);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    /** The path, and the query decoded and sorted: GitHub does not care about their order or encoding. */
    private static String normalize(String url) {
        int question = url.indexOf('?');
        if (question < 0) {
            return url;
        }
        List<String> parameters = new ArrayList<>();
        for (String parameter : url.substring(question + 1).split("&")) {
            parameters.add(URLDecoder.decode(parameter, StandardCharsets.UTF_8));
        }
        parameters.sort(null);
        return url.substring(0, question) + "?" + String.join("&", parameters);
    }

    private static String requestBody(String name) {
        JsonNode patterns = read(name + ".mapping.json").get("request").get("bodyPatterns");
        return patterns == null ? "" : patterns.get(0).get("equalToJson").asText();
    }

    private static String titleOf(String json) {
        try {
            JsonNode title = JSON.readTree(json).get("title");
            return title == null ? null : title.asText();
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode read(String name) {
        try {
            return JSON.readTree(RECORDINGS.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readBytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
