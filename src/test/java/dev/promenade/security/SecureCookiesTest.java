package dev.promenade.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.promenade.SignIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Cookie;
import io.restassured.response.Response;

/** Behind a proxy that ends TLS Quarkus sees http; an https public URL still makes cookies Secure and adds HSTS. */
@QuarkusTest
@TestProfile(SecureCookiesTest.BehindTls.class)
class SecureCookiesTest {

    public static class BehindTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("promenade.public-url", "https://promenade.example.com");
        }
    }

    @Test
    void cookiesAreSecureAndHstsIsSent() {
        Response start = given().redirects().follow(false).get("/");
        assertEquals("max-age=31536000", start.header("Strict-Transport-Security"));
        List<Cookie> cookies = new ArrayList<>(start.detailedCookies().asList());
        SignIn alice = SignIn.as("alice");
        Response page = alice.request().get("/");
        assertEquals(200, page.statusCode());
        assertEquals("max-age=31536000", page.header("Strict-Transport-Security"));
        cookies.addAll(page.detailedCookies().asList());
        assertFalse(cookies.isEmpty());
        for (Cookie cookie : cookies) {
            assertTrue(cookie.isSecured(), cookie.getName());
            assertTrue(cookie.isHttpOnly(), cookie.getName());
        }
        assertTrue(alice.cookies().keySet().stream().anyMatch(name -> name.startsWith("q_session")));
    }
}
