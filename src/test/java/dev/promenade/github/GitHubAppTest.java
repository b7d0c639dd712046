package dev.promenade.github;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.GitHubAppProfile;
import dev.promenade.MovableClock;
import dev.promenade.auth.EndedSessions;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.PipelineReader;
import dev.promenade.pipeline.Reading;
import dev.promenade.pipeline.Viewer;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Promenade as a GitHub App against the sandbox: the App's JWT, installation tokens asked for once
 * and renewed before they expire, and reads with them.
 */
@QuarkusTest
@TestProfile(GitHubAppProfile.class)
class GitHubAppTest {

    static final String APP_ID = GitHubAppProfile.APP_ID;
    static final KeyPair KEY = GitHubAppProfile.KEY;

    @Inject
    GitHubApp app;

    @Inject
    EndedSessions sessions;

    @Inject
    SandboxWorld sandbox;

    @Inject
    PipelineReader reader;

    @Inject
    Catalog catalog;

    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void now() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void anInstallationTokenReadsEveryInstalledRepositoryAndIsAskedForOnceUntilItIsDue() {
        assertTrue(app.configured());
        assertEquals(List.of(1L), app.installations().await().atMost(Duration.ofSeconds(10)).stream().map(GitHubAppApi.Installation::id).toList());
        // Asked for at start already, to read every repository with nobody signed in.
        String token = app.installationToken(1).await().atMost(Duration.ofSeconds(10));
        long issued = sandbox.installationTokensIssued();

        assertTrue(token.startsWith("ghs_"), "an installation token");
        given().auth().oauth2(token).get("/sandbox/api/repos/acme/ledger").then().statusCode(200);
        Reading read = reader.read(catalog.pipelines().subList(0, 4), new Viewer("promenade-sandbox[bot]", token), pipeline -> null)
                .toCompletableFuture().join().get(catalog.pipelines().get(3));
        assertTrue(read instanceof Reading.Read, "the private acme/ledger read with it: " + read);
        assertEquals(token, app.installationToken(1).await().atMost(Duration.ofSeconds(10)), "kept");
        clock.advance(Duration.ofMinutes(54));
        assertEquals(token, app.installationToken(1).await().atMost(Duration.ofSeconds(10)), "still more than 5 minutes left");
        assertEquals(issued, sandbox.installationTokensIssued());

        clock.advance(Duration.ofMinutes(2));
        String renewed = app.installationToken(1).await().atMost(Duration.ofSeconds(10));

        assertNotEquals(token, renewed, "asked for again 5 minutes before it expires");
        assertEquals(issued + 1, sandbox.installationTokensIssued());
    }

    @Test
    void aTokenGitHubRefusedIsReplacedNotSentAgain() {
        String token = app.installationToken(1).await().atMost(Duration.ofSeconds(10));

        sessions.refused(token);

        String replaced = app.installationToken(1).await().atMost(Duration.ofSeconds(10));
        assertNotEquals(token, replaced, "asked for again at once, not kept until it expires");
        given().auth().oauth2(replaced).get("/sandbox/api/repos/acme/ledger").then().statusCode(200);
    }

    @Test
    void onlyTheAppsOwnJwtGetsATokenAndNoInstallationItDoesNotHave() {
        KeyPair other = GitHubAppProfile.rsa();
        String forged = Jwt.issuer(APP_ID).issuedAt(clock.instant().minusSeconds(60)).expiresAt(clock.instant().plusSeconds(540))
                .jws().algorithm(SignatureAlgorithm.RS256).sign(other.getPrivate());
        given().auth().oauth2(forged).post("/sandbox/api/app/installations/1/access_tokens").then().statusCode(401);
        String tooLong = Jwt.issuer(APP_ID).issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(3600))
                .jws().algorithm(SignatureAlgorithm.RS256).sign(KEY.getPrivate());
        given().auth().oauth2(tooLong).post("/sandbox/api/app/installations/1/access_tokens").then().statusCode(401);
        given().auth().oauth2(app.jwt()).post("/sandbox/api/app/installations/1/access_tokens").then().statusCode(201);

        GitHubFailure unknown = (GitHubFailure) assertThrows(RuntimeException.class,
                () -> app.installationToken(7).await().atMost(Duration.ofSeconds(10)));
        assertEquals(GitHubFailure.Kind.NOT_FOUND, unknown.kind());
    }

    @Test
    void aPkcs8KeyReadsAsWellAsGitHubsPkcs1() {
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(KEY.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertEquals(KEY.getPrivate(), PrivateKeys.rsa(pkcs8));
        assertEquals(KEY.getPrivate(), PrivateKeys.rsa(GitHubAppProfile.pkcs1(KEY)));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PrivateKeys.rsa("not a key"));
        assertTrue(!refused.getMessage().contains("not a key"), "the message never holds what was given");
    }
}
