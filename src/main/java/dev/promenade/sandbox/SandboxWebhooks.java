package dev.promenade.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.config.PromenadeConfig;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * The sandbox's webhook, as a repository's on GitHub would be set up ({@code
 * promenade.sandbox.webhooks}, on in dev mode): a push, a merge or a new pull request made on the
 * sandbox is delivered, signed with {@code promenade.github.webhook-secret}, to this application's
 * {@code /webhooks/github}, so that the demo's open pages update within a second.
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxWebhooks {

    private static final Logger LOG = Logger.getLogger(SandboxWebhooks.class);

    @Inject
    PromenadeConfig config;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    void pushed(SandboxRepository repository, String branch, String before, String after) {
        pushed(repository, branch, before, after, List.of());
    }

    /** @param modified the files the pushed commit changed, as GitHub lists them per commit */
    void pushed(SandboxRepository repository, String branch, String before, String after, List<String> modified) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ref", "refs/heads/" + branch);
        payload.put("before", before);
        payload.put("after", after);
        payload.put("commits", List.of(Map.of("id", after, "added", List.of(), "removed", List.of(), "modified", modified)));
        payload.put("repository", repository(repository));
        deliver("push", payload);
    }

    /** The App's installation gained or lost a repository. */
    void installationRepositories(SandboxRepository repository, boolean added) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", added ? "added" : "removed");
        payload.put("repository_selection", "selected");
        Map<String, Object> listed = Map.of("full_name", repository.fullName(), "name", repository.name(), "private",
                repository.isPrivate());
        payload.put("repositories_added", added ? List.of(listed) : List.of());
        payload.put("repositories_removed", added ? List.of() : List.of(listed));
        deliver("installation_repositories", payload);
    }

    void pullRequest(SandboxRepository repository, String action, SandboxPull pull) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", action);
        payload.put("number", pull.number);
        payload.put("pull_request", Map.of("number", pull.number, "state", pull.state,
                "base", Map.of("ref", pull.base), "head", Map.of("ref", pull.head)));
        payload.put("repository", repository(repository));
        deliver("pull_request", payload);
    }

    private static Map<String, Object> repository(SandboxRepository repository) {
        return Map.of("name", repository.name(), "full_name", repository.fullName(), "private", repository.isPrivate(),
                "owner", Map.of("login", repository.owner()), "default_branch", repository.defaultBranch());
    }

    private void deliver(String event, Map<String, Object> payload) {
        String secret = config.github().webhookSecret().orElse("");
        if (!config.sandbox().webhooks() || secret.isBlank()) {
            return;
        }
        if (dev.promenade.config.Configuration.appMode(config)) {
            // A GitHub App's deliveries say which installation they came through.
            payload.put("installation", Map.of("id", SandboxApp.INSTALLATION));
        }
        try {
            byte[] body = json.writeValueAsBytes(payload);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/github"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", event)
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", "sha256=" + hmac(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    LOG.debugf("The sandbox's %s delivery failed: %s", event, failure.getMessage());
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
