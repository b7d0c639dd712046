package dev.promenade.sandbox;

import static dev.promenade.Page.environment;
import static dev.promenade.Page.step;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Snapshots;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** In dev mode the sandbox delivers webhooks as GitHub would: a push on its pages reaches open pages at once. */
@QuarkusTest
@TestProfile(SandboxWebhooksTest.Delivering.class)
class SandboxWebhooksTest {

    public static class Delivering implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("promenade.sandbox.webhooks", "true", "promenade.refresh-after", "PT1H");
        }
    }

    @Inject
    SandboxWorld sandbox;

    @Inject
    Snapshots snapshots;

    @AfterEach
    void forgetChanges() {
        sandbox.reset();
        snapshots.forgetAll();
    }

    @Test
    void aPushOnTheSandboxReachesAnOpenOverview() {
        SignIn alice = SignIn.as("alice");
        Page page = Page.of(alice.request().get("/"), 200);
        try (EventStream events = EventStream.open(alice, page.live())) {
            Response pushed = given().redirects().follow(false).formParam("branch", "master").formParam("login", "carol")
                    .formParam("message", "Typo").post("/sandbox/acme/docs/push");
            assertEquals(303, pushed.statusCode());
            String sha = pushed.header("X-Sandbox-Commit");

            Element counted = events.next(event -> event.name().equals("repo-acme--docs")
                    && event.element().select("[data-announced]").isEmpty(), Duration.ofSeconds(15)).element();

            assertEquals(sha, environment(counted, "test").attr("data-sha"), "read long before refresh-after");
            assertEquals("1", step(counted, "staging").attr("data-pending"));
        }
    }
}
