package dev.promenade.webhook;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.github.AppInstallations;
import dev.promenade.pipeline.Changes;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /webhooks/github}: GitHub's word that a configured repository changed. Only signed
 * deliveries count; a relevant one marks the repository's snapshot stale at once, and it is read
 * again as someone looking at it (see {@link Changes}). Nothing in a payload is shown or trusted
 * beyond which repository and branch changed, and to which commit.
 * <p>
 * A Vert.x route rather than a JAX-RS resource: GitHub is no browser, so the form-based CSRF check
 * of the pages does not apply; the signature is what proves a delivery came from GitHub.
 */
@ApplicationScoped
public class WebhookResource {

    static final String PATH = "/webhooks/github";
    /** GitHub caps payloads at 25 MB; Quarkus refuses bodies over 10 MB (quarkus.http.limits.max-body-size) first. */
    static final long MAX_BODY = 10L * 1024 * 1024;
    /**
     * Bytes of deliveries held at once, by what they declare (the most when they do not): two of
     * the largest, or many ordinary ones. Anyone may post here, and the heap is small.
     */
    static final long BODIES_IN_FLIGHT = 2 * MAX_BODY;
    private final AtomicLong inFlight = new AtomicLong();
    /** GitHub's delivery IDs are GUIDs. */
    private static final int MAX_DELIVERY_ID = 100;

    @Inject
    PromenadeConfig config;

    @Inject
    Repositories repositories;

    @Inject
    Snapshots snapshots;

    @Inject
    AppInstallations installations;

    @Inject
    Changes changes;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @Inject
    DeliveryLog deliveries;

    void register(@Observes Router router) {
        // Admitted (at once, the body not read yet) before the body is read.
        router.post(PATH).handler(this::admit);
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::receive);
    }

    /** Only as many bytes of deliveries as {@link #BODIES_IN_FLIGHT} are read at once; the rest are asked to come again. */
    void admit(RoutingContext request) {
        long size = MAX_BODY;
        try {
            String declared = request.request().getHeader("Content-Length");
            size = declared == null ? MAX_BODY : Math.max(0, Math.min(MAX_BODY, Long.parseLong(declared.strip())));
        } catch (NumberFormatException e) {
            // the most a delivery may be
        }
        long claimed = size;
        long total = inFlight.addAndGet(claimed);
        if (total > BODIES_IN_FLIGHT && total != claimed) {
            inFlight.addAndGet(-claimed);
            request.response().putHeader("Retry-After", "1");
            answer(request, "any", "busy", 503, "Busy reading other deliveries: redeliver this one in a moment.");
            return;
        }
        request.addEndHandler(done -> inFlight.addAndGet(-claimed));
        request.next();
    }

    void receive(RoutingContext request) {
        String event = request.request().getHeader("X-GitHub-Event");
        String kind = event == null ? "none" : event.length() > 40 ? "other" : event;
        Optional<String> secret = config.github().webhookSecret().filter(value -> !value.isBlank());
        if (secret.isEmpty()) {
            answer(request, kind, "off", 404, "Webhooks are off: promenade.github.webhook-secret is not set.");
            return;
        }
        // The raw bytes, as signed: nothing is parsed before the signature is checked.
        byte[] body = request.body().buffer() == null ? new byte[0] : request.body().buffer().getBytes();
        if (!WebhookSignature.verifies(secret.get(), body, request.request().getHeader("X-Hub-Signature-256"))) {
            answer(request, kind, "unsigned", 401, "The X-Hub-Signature-256 does not sign this body.");
            return;
        }
        // Checked once signed: nobody but GitHub can spend a delivery ID.
        String delivery = request.request().getHeader("X-GitHub-Delivery");
        if (delivery == null || delivery.isBlank()) {
            handle(request, event, kind, body);
        } else if (delivery.length() > MAX_DELIVERY_ID) {
            answer(request, kind, "malformed", 400, "The X-GitHub-Delivery is not a delivery ID.");
        } else {
            io.vertx.core.Context context = request.vertx().getOrCreateContext();
            String id = delivery.strip();
            deliveries.first(id).whenComplete((first, failure) -> context.runOnContext(back -> {
                if (Boolean.FALSE.equals(first)) {
                    answer(request, kind, "duplicate", 200, "Already received: delivery " + id + " counts once.");
                    return;
                }
                try {
                    handle(request, event, kind, body);
                } catch (RuntimeException e) {
                    // Not received after all: GitHub's redelivery of it must count.
                    deliveries.forget(id);
                    request.fail(e);
                }
            }));
        }
    }

    private void handle(RoutingContext request, String event, String kind, byte[] body) {
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (IOException e) {
            answer(request, kind, "malformed", 400, "The body is not JSON: choose the content type application/json.");
            return;
        }
        if ("ping".equals(event)) {
            answer(request, kind, "accepted", 200, "pong");
            return;
        }
        if (event == null) {
            answer(request, kind, "ignored", 202, "Not an event Promenade follows.");
            return;
        }
        if (event.equals("installation") || event.equals("installation_repositories")) {
            boolean app = installations.changed();
            answer(request, kind, app ? "accepted" : "ignored", 202,
                    app ? "Listing the App's installations again." : "Promenade is not a GitHub App here.");
            return;
        }
        Optional<RepositoryName> repository = GitHubEvent.repository(payload);
        boolean lookAgain = repository.isPresent() && GitHubEvent.installation(payload) != 0
                && GitHubEvent.mayChangeChain(event, payload, defaultChainBranches());
        if (lookAgain) {
            installations.lookAgain(repository.get(), GitHubEvent.installation(payload));
        }
        Optional<Pipeline> pipeline = repository.flatMap(repositories::find);
        if (pipeline.isEmpty()) {
            answer(request, kind, lookAgain ? "accepted" : "ignored", 202,
                    lookAgain ? "Looking at the repository's chain again." : "Not a repository Promenade shows.");
            return;
        }
        Optional<GitHubEvent.Change> change = GitHubEvent.change(event, payload, pipeline.get(),
                snapshots.snapshot(pipeline.get()).value());
        if (change.isEmpty()) {
            answer(request, kind, "ignored", 202, "Nothing Promenade shows changed.");
            return;
        }
        changes.changed(pipeline.get(), change.get().heads());
        answer(request, kind, "accepted", 202, "Marked stale; reading it again.");
    }

    private Set<String> defaultChainBranches() {
        Set<String> branches = new HashSet<>();
        repositories.catalog().defaultChain().forEach(environment -> branches.add(environment.branch()));
        return branches;
    }

    private void answer(RoutingContext request, String event, String outcome, int status, String message) {
        metrics.counter("promenade.webhooks", "event", event, "outcome", outcome).increment();
        request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=UTF-8").end(message);
    }
}
