package dev.promenade.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.StepDrift;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** What Prometheus scrapes from the management port, after real page loads and deliveries. */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Inject
    Snapshots snapshots;

    @Inject
    Catalog catalog;

    @BeforeEach
    void fresh() {
        snapshots.forgetAll();
    }

    @Test
    void driftGitHubAndWebhooksAreScraped() {
        Page.of(SignIn.as("alice").request().get("/"), 200);
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
        given().header("X-GitHub-Event", "ping").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .contentType("application/json").body(ping).post("/webhooks/github").then().statusCode(401);

        String scraped = given().get(metrics).then().statusCode(200).extract().asString();

        assertEquals(4.0, value(scraped, "promenade_pending_commits", "environment=\"staging\",repository=\"acme/storefront\""));
        assertEquals(300.0, value(scraped, "promenade_pending_commits", "environment=\"staging\",repository=\"acme/ledger\""));
        assertEquals(0.0, value(scraped, "promenade_pending_commits", "environment=\"staging\",repository=\"acme/docs\""));
        StepDrift ledger = snapshots.snapshot(catalog.find(new RepositoryName("acme", "ledger")).orElseThrow()).value()
                .stepInto("staging").orElseThrow().drift();
        double oldest = Duration.between(ledger.pending().get(0).date(), Instant.now()).toSeconds();
        double scrapedOldest = value(scraped, "promenade_oldest_pending_seconds",
                "environment=\"staging\",repository=\"acme/ledger\"");
        assertTrue(Math.abs(oldest - scrapedOldest) < 60 && oldest > 30 * 86400, "the oldest of 300 commits, 44 days back: "
                + scrapedOldest);
        assertTrue(value(scraped, "promenade_snapshot_age_seconds", "repository=\"acme/storefront\"") < 60);
        assertTrue(value(scraped, "promenade_github_requests_total", "api=\"graphql\",outcome=\"ok\"") >= 2);
        assertTrue(value(scraped, "promenade_github_rate_remaining", null) < 5000);
        assertTrue(value(scraped, "promenade_webhooks_total", "event=\"ping\",outcome=\"unsigned\"") >= 1);
    }

    /** The sample of {@code name} with exactly {@code labels} (Prometheus sorts them by name). */
    private static double value(String scraped, String name, String labels) {
        String series = labels == null ? name : name + "{" + labels + "}";
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scraped);
        assertTrue(sample.find(), series + " in " + scraped.lines().filter(line -> line.startsWith(name)).toList());
        return Double.parseDouble(sample.group(1));
    }
}
