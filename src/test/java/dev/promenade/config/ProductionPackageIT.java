package dev.promenade.config;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.promenade.PackagedApp;

/** What {@code ./mvnw package} builds for production: no GitHub stand-in in it, and no way to switch one on. */
class ProductionPackageIT {

    private static final Map<String, String> GITHUB = Map.of(
            "promenade.github.client-id", "Iv1.0123456789abcdef",
            "promenade.github.client-secret", "a-client-secret-of-at-least-32-characters",
            "promenade.repositories[0].name", "acme/storefront");

    @Test
    void theSandboxIsNotInIt() throws Exception {
        String[] libraries = new File("target/quarkus-app/lib/main").list();
        assertTrue(libraries != null && libraries.length > 10);
        for (String library : libraries) {
            assertTrue(!library.contains("jgit") && !library.contains("graphql-java"), library + " is the sandbox's");
        }

        PackagedApp app = PackagedApp.start("production-package", GITHUB);
        try {
            app.awaitReady();
            for (String path : List.of("/sandbox", "/sandbox/api/user", "/sandbox/login/oauth/authorize", "/sandbox/acme/storefront",
                    "/sandbox/stats")) {
                int status = given().redirects().follow(false).get(app.url() + path).statusCode();
                assertTrue(status == 302 || status == 404, path + " answered " + status);
            }
            int token = given().redirects().follow(false).post(app.url() + "/sandbox/login/oauth/access_token").statusCode();
            assertTrue(token == 302 || token == 404, "no sandbox OAuth: " + token);
            assertTrue(given().redirects().follow(false).get(app.url() + "/").header("Location")
                    .startsWith("https://github.com/login/oauth/authorize?"), "signing in goes to GitHub");
        } finally {
            app.stop();
        }
    }

    @Test
    void switchingTheSandboxOnStopsTheStartWithAClearMessage() throws InterruptedException, IOException {
        Map<String, String> properties = new java.util.HashMap<>(GITHUB);
        properties.put("promenade.sandbox.enabled", "true");
        PackagedApp app = PackagedApp.start("production-package-with-sandbox", properties);
        try {
            assertNotEquals(0, app.awaitExit(Duration.ofSeconds(60)));
            assertTrue(app.output().contains("promenade.sandbox.enabled: is true, but this is a production package"),
                    app.output());
        } finally {
            app.stop();
        }
    }
}
