package dev.promenade.redis;

import static dev.promenade.Page.environment;
import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.PackagedApp;
import dev.promenade.Packages;
import dev.promenade.Page;
import dev.promenade.RedisServer;
import dev.promenade.SignIn;
import dev.promenade.sandbox.SandboxWorld;
import dev.promenade.webhook.Deliveries;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Two replicas of the production package on one redis-server, both reading the test
 * application's sandbox as their GitHub. What one replica learns, the other shows; what is clicked
 * on both opens one pull request.
 */
@QuarkusTest
class ReplicasIT {

    private static RedisServer redis;
    private static PackagedApp a;
    private static PackagedApp b;

    @Inject
    SandboxWorld sandbox;

    @BeforeAll
    static void start() {
        Packages.require("redis-server", RedisServer.EXECUTABLE);
        redis = RedisServer.start();
        a = replica("a", redis);
        b = replica("b", redis);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stop() {
        for (PackagedApp replica : new PackagedApp[] { a, b }) {
            if (replica != null) {
                replica.stop();
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void bothReplicasShowTheSameSnapshot() {
        SignIn alice = SignIn.as("alice", "/", a.url());
        Page onA = Page.of(alice.request().get("/"), 200);
        Page onB = Page.of(alice.at(b.url()).request().get("/"), 200);

        assertEquals(blocks(onA), blocks(onB));
        assertEquals("4", step(onB.repository("acme/storefront"), "staging").attr("data-pending"));
    }

    @Test
    void aWebhookReceivedByOneReplicaUpdatesPagesOpenOnTheOther() throws IOException {
        SignIn alice = SignIn.as("alice", "/", b.url());
        Page onB = Page.of(alice.request().get("/"), 200);
        int pending = Integer.parseInt(step(onB.repository("acme/docs"), "staging").attr("data-pending"));
        try (EventStream events = EventStream.open(alice, onB.live())) {
            String sha = sandbox.push("acme/docs", "master", "carol", "Pushed while two replicas watch");

            Response delivered = Deliveries.push(a.url(), "acme/docs", "master", sha);
            assertEquals(202, delivered.statusCode());

            Element announced = events.block("acme/docs");
            assertEquals(sha, announced.selectFirst("[data-announced]").attr("data-announced"));
            Element counted = events.next(event -> event.name().equals("repo-acme--docs")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(15)).element();
            assertEquals(String.valueOf(pending + 1), step(counted, "staging").attr("data-pending"));
        }
    }

    @Test
    void signingOutOnOneReplicaEndsTheSessionsStreamsOnTheOtherWithinTwoSeconds() {
        SignIn onA = SignIn.as("alice", "/", a.url());
        SignIn onB = onA.at(b.url());
        Page page = Page.of(onB.request().get("/"), 200);
        try (EventStream events = EventStream.open(onB, page.live())) {
            onA.request().formParam("csrf-token", onA.formToken("/")).post("/logout").then().statusCode(303);

            Element ended = events.next(event -> event.name().equals("ended"), Duration.ofSeconds(2)).element();
            assertTrue(ended.text().startsWith("Your session ended"), ended.text());
            assertTrue(events.ends(Duration.ofSeconds(2)));
        }
        Response replayed = onB.request().get("/");
        assertEquals(302, replayed.statusCode(), "the other replica knows the session ended");
        assertEquals("/signed-out?reason=github", replayed.header("Location"));
    }

    @Test
    void aDeliveryOneReplicaReceivedIsADuplicateOnTheOther() {
        String sha = sandbox.push("acme/storefront", "master", "carol", "Delivered to both replicas");
        byte[] body = Deliveries.pushPayload("acme/storefront", "master", sha).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String delivery = java.util.UUID.randomUUID().toString();

        assertEquals(202, Deliveries.deliver(a.url(), "push", body, Deliveries.signature(body), delivery).statusCode());
        Response again = Deliveries.deliver(b.url(), "push", body, Deliveries.signature(body), delivery);

        assertEquals(200, again.statusCode());
        assertTrue(again.body().asString().startsWith("Already received"), again.body().asString());
    }

    @Test
    void redisKilledAndRestartedWhileDeliveriesPourInLosesNoUpdate() {
        SignIn alice = SignIn.as("alice", "/", b.url());
        Page onB = Page.of(alice.request().get("/"), 200);
        String last = null;
        try (EventStream events = EventStream.open(alice, onB.live())) {
            for (int i = 1; i <= 30; i++) {
                if (i == 10) {
                    redis.stop();
                } else if (i == 20) {
                    redis.restart();
                }
                last = sandbox.push("acme/docs", "master", "carol", "Pushed while Redis comes and goes, " + i);
                assertEquals(202, Deliveries.push(i % 2 == 0 ? a.url() : b.url(), "acme/docs", "master", last).statusCode());
            }
            String head = last;
            events.next(event -> event.name().equals("repo-acme--docs") && event.element().select("[data-announced]").isEmpty()
                    && head.equals(environment(event.element(), "test").attr("data-sha")), Duration.ofSeconds(45));
        }
        for (PackagedApp replica : new PackagedApp[] { a, b }) {
            Element docs = Page.of(alice.at(replica.url()).request().get("/"), 200).repository("acme/docs");
            assertEquals(last, environment(docs, "test").attr("data-sha"), "the last push, on " + replica.url());
        }
    }

    @Test
    void clicksOnBothReplicasAtOnceOpenOnePullRequest() throws Exception {
        SignIn onA = SignIn.as("alice", "/repos/acme/payments", a.url());
        SignIn onB = onA.at(b.url());
        String tokenA = onA.formToken("/repos/acme/payments");
        String tokenB = onB.formToken("/repos/acme/payments");
        ExecutorService clicks = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SignIn who = i % 2 == 0 ? onA : onB;
                String token = i % 2 == 0 ? tokenA : tokenB;
                answers.add(clicks.submit((Callable<Response>) () -> who.request().header("HX-Request", "true")
                        .formParam("csrf-token", token).formParam("return", "/").formParam("confirm", "")
                        .post("/repos/acme/payments/back-merge/production")));
            }
            List<String> numbers = new ArrayList<>();
            int opened = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                Element step = Jsoup.parseBodyFragment(response.body().asString()).body();
                assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body().asString());
                numbers.add(step.selectFirst("[data-back-merge]").attr("data-back-merge"));
                opened += response.statusCode() == 201 ? 1 : 0;
            }
            assertEquals(1, opened, "one pull request opened");
            assertEquals(1, numbers.stream().distinct().count(), "every click shows that one: " + numbers);
        } finally {
            clicks.shutdownNow();
        }
    }

    /** Each repository block's time and steps, as a page shows them. */
    private static Map<String, String> blocks(Page page) {
        Map<String, String> blocks = new TreeMap<>();
        for (Element block : page.all("section.repository")) {
            StringBuilder steps = new StringBuilder(block.attr("data-updated"));
            block.select("li.step").forEach(step -> steps.append(' ').append(step.attr("data-step")).append('=')
                    .append(step.attr("data-status")).append('/').append(step.attr("data-pending")));
            blocks.put(block.attr("data-repo"), steps.toString());
        }
        return blocks;
    }

    /** A replica: the production package on Redis, reading the test application's sandbox as its GitHub. */
    private static PackagedApp replica(String name, RedisServer redis) {
        String github = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class)
                + "/sandbox";
        Map<String, String> properties = new TreeMap<>(Map.of(
                "quarkus.log.level", "WARN",
                "promenade.store", "redis",
                "quarkus.redis.hosts", redis.url(),
                "promenade.github.api-url", github + "/api",
                "promenade.github.web-url", github,
                "promenade.github.client-id", "promenade-sandbox",
                "promenade.github.client-secret", "sandbox-secret-for-dev-and-tests-only-0123456789",
                "promenade.github.webhook-secret", Deliveries.SECRET,
                "promenade.session-key", "a-session-key-of-the-replicas-not-the-client-secret"));
        properties.putAll(Map.of(
                "promenade.environments[0].name", "test",
                "promenade.environments[0].branch", "master",
                "promenade.environments[1].name", "staging",
                "promenade.environments[2].name", "production",
                "promenade.repositories[0].name", "acme/storefront",
                "promenade.repositories[1].name", "acme/payments",
                "promenade.repositories[2].name", "acme/docs"));
        return PackagedApp.start("replica-" + name, properties);
    }

}
