package dev.promenade.redis;

import static dev.promenade.Page.step;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Packages;
import dev.promenade.Page;
import dev.promenade.RedisServer;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.SnapshotStore;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import dev.promenade.webhook.Deliveries;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** One replica on a real redis-server: what it keeps there, and what it does when Redis goes away. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisStoreTest {

    @Inject
    Snapshots snapshots;

    @Inject
    SnapshotStore store;

    @Inject
    SandboxWorld sandbox;

    @Inject
    Catalog catalog;

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.inject.Instance<RedisDataSource> redis;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @Inject
    @CacheName("repository-access")
    Cache accessAnswers;

    @BeforeEach
    void needsRedis() {
        Packages.require("redis-server", RedisServer.EXECUTABLE);
        sandbox.reset();
        snapshots.forgetAll();
        accessAnswers.invalidateAll().await().indefinitely();
    }

    @Test
    void snapshotsAndPermissionAnswersAreKeptInRedis() {
        assertInstanceOf(RedisSnapshotStore.class, store);
        Element storefront = Page.of(SignIn.as("alice").request().get("/"), 200).repository("acme/storefront");
        assertEquals("4", step(storefront, "staging").attr("data-pending"));

        List<String> keys = redis.get().key().keys("promenade:snapshot:acme/storefront:*");
        assertEquals(1, keys.size(), "one entry per repository and chain");
        String signed = redis.get().hash(String.class).hget(keys.get(0), "data");
        String stored = signed.substring(signed.indexOf('.') + 1);
        assertEquals(storefront.attr("data-updated"), JsonPath.from(stored).getString("asOf"), "the snapshot the page shows");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get().key().exists("promenade:access:alice"));
    }

    @Test
    void everyKeyExpires() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        Deliveries.push(null, "acme/docs", "master", sandbox.push("acme/docs", "master", "carol", "A delivery")).then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get().key().exists("promenade:access:alice"));

        List<String> keys = redis.get().key().keys("promenade:*");
        assertTrue(keys.size() >= catalog.pipelines().size() + 4, "snapshots, version, revisions, access, delivery: " + keys);
        for (String key : keys) {
            long ttl = redis.get().key().pttl(key);
            assertTrue(ttl > 0, key + " expires: " + ttl);
        }
    }

    @Test
    void aSnapshotNotSignedByPromenadeForItsKeyIsIgnored() {
        Page.of(SignIn.as("alice").request().get("/"), 200);
        String storefront = redis.get().key().keys("promenade:snapshot:acme/storefront:*").get(0);
        String docs = redis.get().key().keys("promenade:snapshot:acme/docs:*").get(0);
        String key = storefront.substring("promenade:".length());
        RedisSnapshotStore snapshotStore = (RedisSnapshotStore) store;
        assertTrue(snapshotStore.fetch(key).isPresent(), "what Promenade wrote");

        String genuine = redis.get().hash(String.class).hget(storefront, "data");
        String data = genuine.substring(genuine.indexOf('.') + 1);
        for (String forged : List.of(data, "c2lnbmF0dXJl." + data, redis.get().hash(String.class).hget(docs, "data"))) {
            redis.get().hash(String.class).hset(storefront, "data", forged);

            assertTrue(snapshotStore.fetch(key).isEmpty(), "read from GitHub again instead: " + forged.substring(0, 40));
        }
    }

    @Test
    void permissionAnswersNotSignedByPromenadeAreIgnored() {
        // Whoever can write to Redis says bob may push to the private acme/ledger.
        String forged = "{\"readable\":{\"acme/ledger\":{\"read\":true,\"push\":true,\"isPrivate\":true,\"htmlUrl\":\"https://github.com/acme/ledger\"}},\"unreadable\":[],\"checkedAt\":\""
                + java.time.Instant.now() + "\",\"unanswered\":[],\"askedAt\":\"" + java.time.Instant.now() + "\"}";
        SignIn bob = SignIn.as("bob");
        accessAnswers.invalidateAll().await().indefinitely();
        for (String signed : List.of(forged, "bm90IGEgc2lnbmF0dXJl." + forged)) {
            redis.get().value(String.class).set(RedisAccessAnswers.key("bob"), signed);
            accessAnswers.invalidateAll().await().indefinitely();

            assertEquals(404, bob.request().get("/repos/acme/ledger").statusCode(), "GitHub is asked instead: " + signed);
        }
        // Alice's genuine answers, copied under bob's name, are alice's only.
        Page.of(SignIn.as("alice").request().get("/repos/acme/ledger"), 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get().key().exists(RedisAccessAnswers.key("alice")));
        redis.get().value(String.class).set(RedisAccessAnswers.key("bob"), redis.get().value(String.class).get(RedisAccessAnswers.key("alice")));
        accessAnswers.invalidateAll().await().indefinitely();
        assertEquals(404, bob.request().get("/repos/acme/ledger").statusCode());
    }

    @Test
    void whatIsStoredReadsBackEqualForEverySituation() throws Exception {
        Page.of(SignIn.as("alice").request().get("/"), 200);
        for (Pipeline pipeline : catalog.pipelines()) {
            SnapshotStore.Entry entry = store.get(pipeline);
            assertTrue(entry.observed().hasValue(), pipeline.repository().fullName());
            String stored = json.writeValueAsString(RedisSnapshotStore.stored(entry));

            SnapshotStore.Entry back = RedisSnapshotStore.entry(json.readValue(stored, RedisSnapshotStore.Stored.class));

            assertEquals(entry.observed(), back.observed(), "heads, steps, commits, pull requests, checks of "
                    + pipeline.repository().fullName());
            assertEquals(entry.announced(), back.announced());
        }
    }

    @Test
    void aDeliveryAnotherReplicaReceivedCountsOnce() {
        Page.of(SignIn.as("alice").request().get("/"), 200);
        String sha = sandbox.push("acme/storefront", "master", "carol", "Delivered to another replica");
        byte[] body = Deliveries.pushPayload("acme/storefront", "master", sha).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String signature = Deliveries.signature(body);
        String elsewhere = java.util.UUID.randomUUID().toString();
        redis.get().value(String.class).set("promenade:delivery:" + elsewhere, "1");

        assertEquals(200, Deliveries.deliver(null, "push", body, signature, elsewhere).statusCode());
        assertTrue(snapshots.announced(pipeline("acme/storefront")).isEmpty(), "not announced again");

        String fresh = java.util.UUID.randomUUID().toString();
        assertEquals(202, Deliveries.deliver(null, "push", body, signature, fresh).statusCode());
        long ttl = redis.get().key().pttl("promenade:delivery:" + fresh);
        assertTrue(ttl > Duration.ofDays(2).toMillis() && ttl <= Duration.ofDays(3).toMillis(), "kept as long as GitHub redelivers: " + ttl);
    }

    private Pipeline pipeline(String repository) {
        return catalog.find(dev.promenade.pipeline.RepositoryName.parse(repository).orElseThrow()).orElseThrow();
    }

    @Test
    void withoutRedisTheReplicaStaysReadyDegradedAndPagesStillRender() {
        SignIn alice = SignIn.as("alice");
        Page.of(alice.request().get("/"), 200);
        assertEquals("shared", given().get(readiness).then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'redis' }.data.data"));

        RedisProfile.server.stop();
        try {
            JsonPath health = given().get(readiness).then().statusCode(200).extract().jsonPath();
            assertEquals("UP", health.getString("checks.find { it.name == 'redis' }.status"), "a load balancer keeps it");
            assertTrue(health.getString("checks.find { it.name == 'redis' }.data.data").startsWith("degraded"));
            assertTrue(health.getString("checks.find { it.name == 'redis' }.data.error").startsWith("Redis does not answer"));

            Element storefront = Page.of(alice.request().get("/"), 200).repository("acme/storefront");
            assertEquals("4", step(storefront, "staging").attr("data-pending"), "what this replica knows");
            assertFalse(storefront.select("p.failure").size() > 0);
        } finally {
            RedisProfile.server.restart();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "shared".equals(given().get(readiness).then().statusCode(200).extract()
                .jsonPath().getString("checks.find { it.name == 'redis' }.data.data")));
    }
}
