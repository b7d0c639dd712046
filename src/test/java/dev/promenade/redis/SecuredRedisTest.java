package dev.promenade.redis;

import static dev.promenade.Page.step;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Packages;
import dev.promenade.Page;
import dev.promenade.RedisServer;
import dev.promenade.SignIn;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Redis as production runs it: TLS only ({@code rediss://}), the default user off, Promenade's own
 * user with a password and rights to its keys and channels alone.
 */
@QuarkusTest
@TestProfile(SecuredRedisTest.Secured.class)
class SecuredRedisTest {

    static final String USER = "promenade";
    static final String PASSWORD = "a-redis-password-from-configuration";
    static volatile RedisServer server;

    public static class Secured implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class));
        }
    }

    /** A certificate made with openssl, then redis-server speaking TLS with it. */
    public static class Server implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            if (!Packages.installed(RedisServer.EXECUTABLE, "/usr/bin/openssl")) {
                return Map.of();
            }
            try {
                Path dir = Files.createTempDirectory("promenade-redis-tls");
                Path certificate = dir.resolve("cert.pem");
                Path key = dir.resolve("key.pem");
                Process openssl = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                        key.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
                openssl.getInputStream().readAllBytes();
                if (openssl.waitFor() != 0) {
                    throw new IllegalStateException("openssl made no certificate");
                }
                server = RedisServer.startSecured(certificate, key, USER, PASSWORD);
                return Map.of("promenade.store", "redis",
                        // An ACL user's name and password travel in the URL; a password alone (requirepass) can be quarkus.redis.password.
                        "quarkus.redis.hosts", "rediss://" + USER + ":" + PASSWORD + "@127.0.0.1:" + server.port(),
                        "quarkus.redis.tls-configuration-name", "redis",
                        "quarkus.tls.redis.trust-store.pem.certs", certificate.toString(),
                        "quarkus.tls.redis.hostname-verification-algorithm", "HTTPS");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }

    @Inject
    jakarta.enterprise.inject.Instance<RedisDataSource> redis;

    @BeforeEach
    void needsRedisAndOpenssl() {
        Packages.require("redis-server openssl", RedisServer.EXECUTABLE, "/usr/bin/openssl");
    }

    @Test
    void snapshotsAndAnswersAreSharedOverTlsAsPromenadesOwnUser() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);
        assertEquals("4", step(page.repository("acme/storefront"), "staging").attr("data-pending"));

        assertEquals(USER, redis.get().execute("ACL", "WHOAMI").toString(), "signed in with the configured user and password");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get().key().exists(RedisAccessAnswers.key("alice")));
        assertTrue(!redis.get().key().keys("promenade:snapshot:*").isEmpty(), "snapshots written over TLS");
    }
}
