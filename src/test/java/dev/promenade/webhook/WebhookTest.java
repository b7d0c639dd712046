package dev.promenade.webhook;

import static dev.promenade.Page.environment;
import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxLimits;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * GitHub's webhooks, end to end: signed deliveries to {@code /webhooks/github} mark snapshots
 * stale, open pages are sent the announced head at once and then what GitHub says, read once per
 * burst with the token of someone looking; unsigned deliveries change nothing.
 */
@QuarkusTest
class WebhookTest {

    private static final String SECRET = Deliveries.SECRET;

    @Inject
    Snapshots snapshots;

    @Inject
    Catalog catalog;

    @Inject
    SandboxWorld sandbox;

    @Inject
    SandboxLimits github;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @BeforeEach
    void freshStart() {
        sandbox.reset();
        snapshots.forgetAll();
    }

    @AfterEach
    void forgetChanges() {
        sandbox.reset();
    }

    @Test
    void unsignedOrWronglySignedDeliveriesAreRefusedAndChangeNothing() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        Pipeline storefront = pipeline("acme/storefront");
        Instant attempted = snapshots.snapshot(storefront).attemptedAt();
        String sha = sandbox.push("acme/storefront", "master", "carol", "Unannounced");
        byte[] body = push("acme/storefront", "master", sha).getBytes(StandardCharsets.UTF_8);

        deliver("push", body, null).then().statusCode(401);
        deliver("push", body, WebhookSignature.sign("another secret", body)).then().statusCode(401);
        deliver("push", body, WebhookSignature.sign(SECRET, "{}".getBytes(StandardCharsets.UTF_8))).then().statusCode(401);
        deliver("push", body, "sha1=" + WebhookSignature.sign(SECRET, body).substring("sha256=".length())).then().statusCode(401);

        assertEquals(attempted, snapshots.snapshot(storefront).attemptedAt(), "the snapshot is not marked stale");
        assertTrue(snapshots.announced(storefront).isEmpty(), "no head is announced");
        Element block = Page.of(alice.request().get("/"), 200).repository("acme/storefront");
        assertEquals("4", step(block, "staging").attr("data-pending"));
        assertTrue(block.select("[data-announced]").isEmpty());
    }

    @Test
    void pingIsAnsweredAndWhatPromenadeDoesNotShowIsIgnored() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        Pipeline storefront = pipeline("acme/storefront");
        Instant attempted = snapshots.snapshot(storefront).attemptedAt();

        assertEquals(200, signed("ping", "{\"zen\":\"Design for failure.\",\"hook_id\":1}").statusCode());
        Response stranger = signed("push", push("someone/else", "master", "1111111111111111111111111111111111111111"));
        assertEquals(202, stranger.statusCode());
        assertEquals("Not a repository Promenade shows.", stranger.body().asString());
        assertEquals(202, signed("push", push("acme/unlisted", "master", "1111111111111111111111111111111111111111")).statusCode(),
                "a repository of the organisation that is not configured");
        Response feature = signed("push", push("acme/storefront", "feature/search", "2222222222222222222222222222222222222222"));
        assertEquals(202, feature.statusCode());
        assertEquals("Nothing Promenade shows changed.", feature.body().asString());
        assertEquals(202, signed("issues", "{\"action\":\"opened\",\"repository\":{\"full_name\":\"acme/storefront\"}}")
                .statusCode());
        assertEquals(400, deliver("push", "not json".getBytes(StandardCharsets.UTF_8),
                WebhookSignature.sign(SECRET, "not json".getBytes(StandardCharsets.UTF_8))).statusCode());

        assertEquals(attempted, snapshots.snapshot(storefront).attemptedAt(), "nothing was marked stale");
    }

    @Test
    void aPushReachesAnOpenOverviewFirstAsTheNewHeadThenAsWhatGitHubCounts() {
        SignIn alice = SignIn.as("alice");
        Page page = Page.of(alice.request().get("/"), 200);
        try (EventStream events = EventStream.open(alice, page.live())) {
            String sha = sandbox.push("acme/storefront", "master", "carol", "Gift cards <script>alert(1)</script>");
            long before = requests();

            assertEquals(202, signed("push", push("acme/storefront", "master", sha)).statusCode());

            Element announced = events.block("acme/storefront");
            assertEquals("New commit " + sha.substring(0, 7) + " on master — counting…",
                    announced.selectFirst("[data-announced=" + sha + "]").text());
            assertEquals("4", step(announced, "staging").attr("data-pending"), "what was known, until GitHub is asked");

            Element counted = events.block("acme/storefront");
            assertTrue(counted.select("[data-announced]").isEmpty());
            assertEquals("5", step(counted, "staging").attr("data-pending"));
            assertEquals(sha, environment(counted, "test").attr("data-sha"));
            assertEquals("Gift cards <script>alert(1)</script>", environment(counted, "test").selectFirst(".headline").text());
            assertTrue(counted.select("script").isEmpty(), "escaped");
            assertEquals(2, requests() - before, "one read as alice: the heads, then the steps that moved");
            Element summary = events.next(event -> event.name().equals("summary"), Duration.ofSeconds(5)).element();
            assertEquals(String.valueOf(catalog.pipelines().size()), summary.attr("data-total"), "the summary line is sent again with the block");
        }
    }

    @Test
    void aBurstOfFiftyPushesMakesOneRead() {
        SignIn alice = SignIn.as("alice");
        Page page = Page.of(alice.request().get("/"), 200);
        List<String> shas = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            shas.add(sandbox.push("acme/storefront", "master", "carol", "Change " + i));
        }
        try (EventStream events = EventStream.open(alice, page.live())) {
            long before = requests();
            for (String sha : shas) {
                assertEquals(202, signed("push", push("acme/storefront", "master", sha)).statusCode());
            }

            Element counted = events.next(event -> event.name().equals("repo-acme--storefront")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(15)).element();
            assertEquals("54", step(counted, "staging").attr("data-pending"));
            assertEquals(shas.get(49), environment(counted, "test").attr("data-sha"));
            assertEquals(2, requests() - before, "fifty deliveries, one read: the heads, then the steps that moved");
        }
    }

    @Test
    void aRedeliveryIsAcknowledgedAndCountedOnce() {
        SignIn alice = SignIn.as("alice");
        Page page = Page.of(alice.request().get("/"), 200);
        String sha = sandbox.push("acme/storefront", "master", "carol", "Delivered twice");
        byte[] body = push("acme/storefront", "master", sha).getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(SECRET, body);
        String delivery = java.util.UUID.randomUUID().toString();
        double accepted = webhooks("accepted");
        double duplicates = webhooks("duplicate");
        try (EventStream events = EventStream.open(alice, page.live())) {
            long before = requests();

            assertEquals(202, Deliveries.deliver(null, "push", body, signature, delivery).statusCode());
            Response again = Deliveries.deliver(null, "push", body, signature, delivery);

            assertEquals(200, again.statusCode(), "acknowledged, so that GitHub does not try again");
            assertEquals("Already received: delivery " + delivery + " counts once.", again.body().asString());
            events.next(event -> event.name().equals("repo-acme--storefront")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(15));
            assertEquals(accepted + 1, webhooks("accepted"));
            assertEquals(duplicates + 1, webhooks("duplicate"));
            assertEquals(2, requests() - before, "one read");
        }
        assertEquals(400, Deliveries.deliver(null, "push", body, signature, "x".repeat(101)).statusCode());
        String forged = java.util.UUID.randomUUID().toString();
        assertEquals(401, Deliveries.deliver(null, "push", body, WebhookSignature.sign("another secret", body), forged)
                .statusCode());
        assertEquals(202, Deliveries.deliver(null, "push", body, signature, forged).statusCode(),
                "a delivery that was not signed spent no ID");
    }

    @Test
    void onlyThoseWhoMayReadARepositoryAreSentIt() {
        SignIn alice = SignIn.as("alice");
        SignIn bob = SignIn.as("bob");
        Page alices = Page.of(alice.request().get("/"), 200);
        Page bobs = Page.of(bob.request().get("/"), 200);
        bob.request().get("/events?view=repository&repo=acme/ledger").then().statusCode(404);

        try (EventStream alicesEvents = EventStream.open(alice, alices.live());
                EventStream bobsEvents = EventStream.open(bob, bobs.live())) {
            String ledger = sandbox.push("acme/ledger", "master", "alice", "Private change");
            signed("push", push("acme/ledger", "master", ledger)).then().statusCode(202);
            assertEquals(ledger, alicesEvents.block("acme/ledger").selectFirst("[data-announced]").attr("data-announced"));

            String docs = sandbox.push("acme/docs", "master", "carol", "Public change");
            signed("push", push("acme/docs", "master", docs)).then().statusCode(202);
            bobsEvents.block("acme/docs");
            assertNull(bobsEvents.pending().get("repo-acme--ledger"), "sent before docs, had it been sent");
        }
    }

    @Test
    void withNobodyLookingTheNextVisitReadsWhatWasAnnounced() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        String sha = sandbox.push("acme/storefront", "master", "carol", "While nobody looked");
        signed("push", push("acme/storefront", "master", sha)).then().statusCode(202);

        Page next = Page.of(alice.request().get("/"), 200);
        Element shown = next.repository("acme/storefront");
        assertEquals(sha, shown.selectFirst("[data-announced]").attr("data-announced"), "said at once");
        try (EventStream events = EventStream.open(alice, next.live())) {
            Element counted = events.next(event -> event.name().equals("repo-acme--storefront")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(15)).element();
            assertEquals("5", step(counted, "staging").attr("data-pending"));
        }
    }

    @Test
    void aPageThatReconnectsCatchesUpFromTheLastEventItGot() {
        SignIn alice = SignIn.as("alice");
        Page page = Page.of(alice.request().get("/"), 200);
        String lastSeen;
        try (EventStream events = EventStream.open(alice, page.live())) {
            String first = sandbox.push("acme/storefront", "master", "carol", "First");
            signed("push", push("acme/storefront", "master", first)).then().statusCode(202);
            lastSeen = events.next(event -> event.name().equals("repo-acme--storefront")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(15)).id();
        }
        String second = sandbox.push("acme/docs", "master", "carol", "While the connection was down");
        signed("push", push("acme/docs", "master", second)).then().statusCode(202);

        try (EventStream events = EventStream.open(alice, page.live(), lastSeen)) {
            Element docs = events.block("acme/docs");
            assertEquals(second, docs.selectFirst("[data-announced]").attr("data-announced"), "missed while away");
            assertFalse(events.pending().containsKey("repo-acme--storefront"), "seen before the connection dropped");
            assertTrue(events.heartbeat(Duration.ofSeconds(5)), "kept alive for proxies while nothing changes");
        }
    }

    private double webhooks(String outcome) {
        return metrics.counter("promenade.webhooks", "event", "push", "outcome", outcome).count();
    }

    /** GitHub requests served by the sandbox so far, REST and GraphQL. */
    private long requests() {
        return github.stats().get("restRequests") + github.stats().get("graphqlRequests");
    }

    private Pipeline pipeline(String repository) {
        return catalog.find(RepositoryName.parse(repository).orElseThrow()).orElseThrow();
    }

    private static Response signed(String event, String json) {
        return Deliveries.signed(null, event, json);
    }

    private static Response deliver(String event, byte[] body, String signature) {
        return Deliveries.deliver(null, event, body, signature);
    }

    private static String push(String repository, String branch, String after) {
        return Deliveries.pushPayload(repository, branch, after);
    }
}
