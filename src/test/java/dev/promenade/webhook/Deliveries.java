package dev.promenade.webhook;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Webhook deliveries as GitHub sends them: JSON, signed with the webhook's secret. */
public final class Deliveries {

    /** {@code %test.promenade.github.webhook-secret}. */
    public static final String SECRET = "sandbox-webhook-secret";

    private Deliveries() {
    }

    /** Delivers a push to the application at {@code base} ({@code null}: the test application). */
    public static Response push(String base, String repository, String branch, String after) {
        return signed(base, "push", pushPayload(repository, branch, after));
    }

    /** The {@code X-Hub-Signature-256} GitHub sends with {@code body}. */
    public static String signature(byte[] body) {
        return WebhookSignature.sign(SECRET, body);
    }

    public static Response signed(String base, String event, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return deliver(base, event, body, WebhookSignature.sign(SECRET, body));
    }

    public static Response deliver(String base, String event, byte[] body, String signature) {
        return deliver(base, event, body, signature, UUID.randomUUID().toString());
    }

    /** @param delivery its {@code X-GitHub-Delivery}: GitHub sends the same again when it redelivers */
    public static Response deliver(String base, String event, byte[] body, String signature, String delivery) {
        RequestSpecification request = (base == null ? given() : given().baseUri(base))
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                .contentType("application/json").body(body);
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return request.post("/webhooks/github");
    }

    /** A push delivery as GitHub shapes it, with the fields Promenade reads and a few it does not. */
    public static String pushPayload(String repository, String branch, String after) {
        String owner = repository.substring(0, repository.indexOf('/'));
        String name = repository.substring(repository.indexOf('/') + 1);
        return """
                {"ref":"refs/heads/%s","before":"0000000000000000000000000000000000000001","after":"%s",
                 "created":false,"deleted":false,"forced":false,
                 "repository":{"id":1,"name":"%s","full_name":"%s","private":false,"owner":{"login":"%s"}},
                 "pusher":{"name":"carol"},"sender":{"login":"carol"},"commits":[],"head_commit":null}
                """.formatted(branch, after, name, repository, owner);
    }
}
