package dev.promenade.sandbox;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.github.PrivateKeys;
import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.ext.web.RoutingContext;

/**
 * GitHub's App endpoints: {@code GET /app/installations} and
 * {@code POST /app/installations/{id}/access_tokens}, for a JWT (RS256) of the configured App, signed
 * with the key whose public half GitHub keeps (here derived from {@code promenade.github.private-key}).
 * One installation, id 1, on every repository but those the tests take out of it.
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxApp {

    static final long INSTALLATION = 1;

    @Inject
    PromenadeConfig config;

    @Inject
    SandboxWorld world;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    void installations(RoutingContext context) {
        if (!verified(context)) {
            return;
        }
        send(context, 200, List.of(Map.of("id", INSTALLATION, "account", Map.of("login", "acme", "type", "Organization"),
                "repository_selection", "selected", "app_id", Long.parseLong(config.github().appId().orElse("0")))));
    }

    void accessToken(RoutingContext context) {
        if (!verified(context)) {
            return;
        }
        if (!String.valueOf(INSTALLATION).equals(context.pathParam("id"))) {
            send(context, 404, Map.of("message", "Not Found"));
            return;
        }
        String token = "ghs_sandbox" + Long.toHexString(new java.security.SecureRandom().nextLong())
                + Long.toHexString(new java.security.SecureRandom().nextLong());
        Instant expires = world.issueInstallationToken(token);
        send(context, 201, Map.of("token", token, "expires_at", expires.toString(),
                "permissions", Map.of("contents", "read", "metadata", "read", "pull_requests", "write", "statuses", "read",
                        "checks", "read"), "repository_selection", "selected"));
    }

    /**
     * {@code GET /installation/repositories}, with an installation token: the repositories it is
     * installed on, a page at a time as GitHub pages them ({@code per_page} at most 100).
     */
    void repositories(RoutingContext context) {
        if (world.userFor(context.request().getHeader("Authorization")).filter(DemoUser.APP::equals).isEmpty()) {
            send(context, 401, Map.of("message", "Bad credentials", "documentation_url", "https://docs.github.com/rest"));
            return;
        }
        int perPage = Math.max(1, Math.min(100, number(context.request().getParam("per_page"), 30)));
        int page = Math.max(1, number(context.request().getParam("page"), 1));
        List<SandboxRepository> installed = world.installed();
        List<Map<String, Object>> listed = installed.stream().skip((long) (page - 1) * perPage).limit(perPage)
                .map(repo -> Map.<String, Object>of("full_name", repo.fullName(), "name", repo.name(), "private", repo.isPrivate(),
                        "default_branch", repo.defaultBranch(), "archived", false, "owner", Map.of("login", repo.owner())))
                .toList();
        send(context, 200, Map.of("total_count", installed.size(), "repository_selection", "selected", "repositories", listed));
    }

    private static int number(String value, int otherwise) {
        return value != null && value.matches("\\d{1,6}") ? Integer.parseInt(value) : otherwise;
    }

    /** A JWT GitHub would take: RS256 by the App's key, issued by the App, not expired, at most 10 minutes long. */
    private boolean verified(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        Optional<PublicKey> key = publicKey();
        boolean ok = false;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && key.isPresent()) {
            String[] parts = authorization.substring(7).strip().split("\\.");
            try {
                if (parts.length == 3) {
                    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
                    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
                    Signature rs256 = Signature.getInstance("SHA256withRSA");
                    rs256.initVerify(key.get());
                    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                    long now = clock.instant().getEpochSecond();
                    ok = "RS256".equals(header.path("alg").asText()) && rs256.verify(Base64.getUrlDecoder().decode(parts[2]))
                            && config.github().appId().map(id -> id.equals(claims.path("iss").asText())).orElse(false)
                            && claims.path("exp").asLong() > now && claims.path("iat").asLong() <= now + 60
                            && claims.path("exp").asLong() - claims.path("iat").asLong() <= 600;
                }
            } catch (java.io.IOException | IllegalArgumentException | GeneralSecurityException e) {
                ok = false;
            }
        }
        if (!ok) {
            send(context, 401, Map.of("message", "A JSON web token could not be decoded",
                    "documentation_url", "https://docs.github.com/rest"));
        }
        return ok;
    }

    private Optional<PublicKey> publicKey() {
        return dev.promenade.config.Configuration.privateKey(config.github()).map(PrivateKeys::rsa).map(key -> {
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            try {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                        crt.getPublicExponent() == null ? BigInteger.valueOf(65537) : crt.getPublicExponent()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void send(RoutingContext context, int status, Object body) {
        try {
            context.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            context.fail(e);
        }
    }
}
