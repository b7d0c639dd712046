package dev.promenade.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.promenade.SignIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Configured for GitHub Enterprise, Promenade starts offline and sends people to its sign-in; no sandbox. */
@QuarkusTest
@TestProfile(RealGitHubSettingsTest.Enterprise.class)
class RealGitHubSettingsTest {

    public static class Enterprise implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "promenade.sandbox.enabled", "false",
                    "promenade.github.api-url", "https://github.example.com/api/v3",
                    "promenade.github.web-url", "https://github.example.com",
                    "promenade.github.client-id", "Iv1.enterprise",
                    "promenade.github.client-secret", "0123456789abcdef0123456789abcdef01234567");
        }
    }

    @Test
    void signInGoesToTheConfiguredGitHub() {
        Response response = given().redirects().follow(false).get("/repos/acme/storefront");

        assertEquals(302, response.statusCode());
        String location = response.header("Location");
        assertTrue(location.startsWith("https://github.example.com/login/oauth/authorize?"), location);
        Map<String, String> query = SignIn.query(location);
        assertEquals("Iv1.enterprise", query.get("client_id"));
        assertEquals("repo", query.get("scope"));
        assertEquals("http://localhost:8081/auth/callback", query.get("redirect_uri"));
    }

    @Test
    void theSandboxIsNotServed() {
        given().redirects().follow(false).get("/sandbox/login/oauth/authorize?client_id=Iv1.enterprise")
                .then().statusCode(404);
        given().get("/sandbox/api/user").then().statusCode(404);
    }
}
