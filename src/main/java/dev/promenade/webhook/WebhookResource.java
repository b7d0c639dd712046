package dev.promenade.webhook;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Changes;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.Snapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;

/**
 * {@code POST /webhooks/github}: GitHub's word that a configured repository changed. Only signed
 * deliveries count; a relevant one marks the repository's snapshot stale at once, and it is read
 * again as someone looking at it (see {@link Changes}). Nothing in a payload is shown or trusted
 * beyond which repository and branch changed, and to which commit.
 */
@Path("/webhooks/github")
public class WebhookResource {

    @Inject
    PromenadeConfig config;

    @Inject
    Catalog catalog;

    @Inject
    Snapshots snapshots;

    @Inject
    Changes changes;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @POST
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public Response receive(@RestHeader("X-GitHub-Event") String event, @RestHeader("X-Hub-Signature-256") String signature,
            byte[] body) {
        String kind = event == null ? "none" : event.length() > 40 ? "other" : event;
        Optional<String> secret = config.github().webhookSecret().filter(value -> !value.isBlank());
        if (secret.isEmpty()) {
            return answer(kind, "off", Response.Status.NOT_FOUND, "Webhooks are off: promenade.github.webhook-secret is not set.");
        }
        if (!WebhookSignature.verifies(secret.get(), body, signature)) {
            return answer(kind, "unsigned", Response.Status.UNAUTHORIZED, "The X-Hub-Signature-256 does not sign this body.");
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (IOException e) {
            return answer(kind, "malformed", Response.Status.BAD_REQUEST, "The body is not JSON.");
        }
        if ("ping".equals(event)) {
            return answer(kind, "accepted", Response.Status.OK, "pong");
        }
        Optional<Pipeline> pipeline = GitHubEvent.repository(payload).flatMap(catalog::find);
        if (pipeline.isEmpty() || event == null) {
            return answer(kind, "ignored", Response.Status.ACCEPTED, "Not a repository Promenade shows.");
        }
        Optional<GitHubEvent.Change> change = GitHubEvent.change(event, payload, pipeline.get(),
                snapshots.snapshot(pipeline.get()).value());
        if (change.isEmpty()) {
            return answer(kind, "ignored", Response.Status.ACCEPTED, "Nothing Promenade shows changed.");
        }
        changes.changed(pipeline.get(), change.get().heads());
        return answer(kind, "accepted", Response.Status.ACCEPTED, "Marked stale; reading it again.");
    }

    private Response answer(String event, String outcome, Response.Status status, String message) {
        metrics.counter("promenade.webhooks", "event", event, "outcome", outcome).increment();
        return Response.status(status).entity(message).build();
    }
}
