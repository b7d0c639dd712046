package dev.promenade.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.properties.IfBuildProperty;

/** GitHub's OAuth web flow, with a page to pick a demo user instead of GitHub's sign-in. */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxOAuth {

    @CheckedTemplate(basePath = "sandbox")
    static class Templates {
        static native TemplateInstance authorize(List<DemoUser> users, String clientId, String redirectUri,
                String state, String scope, String codeChallenge);

        static native TemplateInstance problem(String message);
    }

    @Inject
    SandboxWorld world;

    @Inject
    ObjectMapper mapper;

    @Inject
    SandboxFaults faults;

    /** {@code GET /login/oauth/authorize}: who signs in? */
    void authorize(RoutingContext context) {
        String clientId = context.request().getParam("client_id");
        String redirectUri = context.request().getParam("redirect_uri");
        if (!world.clientMatches(clientId, null)) {
            html(context, 404, Templates.problem("No OAuth App has the client ID '" + clientId + "'."));
            return;
        }
        if (!isHttpUrl(redirectUri)) {
            html(context, 400, Templates.problem("The redirect_uri is missing or not an http(s) URL."));
            return;
        }
        String challenge = challenge(context);
        if (challenge == null) {
            html(context, 400, Templates.problem("PKCE takes a code_challenge (43 characters, base64url) with"
                    + " code_challenge_method S256, the only method GitHub supports."));
            return;
        }
        html(context, 200, Templates.authorize(DemoUser.SIGN_IN, clientId, redirectUri,
                context.request().getParam("state"), context.request().getParam("scope"), challenge));
    }

    /** The demo user was picked: back to the application with a code, as GitHub redirects after "Authorize". */
    void grant(RoutingContext context) {
        String redirectUri = context.request().getParam("redirect_uri");
        Optional<DemoUser> user = DemoUser.byLogin(String.valueOf(context.request().getParam("login")))
                .filter(DemoUser.SIGN_IN::contains);
        String challenge = challenge(context);
        if (!world.clientMatches(context.request().getParam("client_id"), null) || !isHttpUrl(redirectUri)
                || user.isEmpty() || challenge == null) {
            html(context, 400, Templates.problem("This sign-in request is incomplete; start again from Promenade."));
            return;
        }
        SandboxSessions.signIn(context, user.get());
        String state = context.request().getParam("state");
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + world.issueCode(user.get(), challenge.isEmpty() ? null : challenge)
                + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        context.response().setStatusCode(302).putHeader("Location", location).end();
    }

    /** {@code POST /login/oauth/access_token}: the application trades the code for the user's token. */
    void token(RoutingContext context) {
        String body = context.body() == null ? "" : context.body().asString();
        Map<String, List<String>> form = new QueryStringDecoder(body == null ? "" : body, false).parameters();
        String clientId = first(form, "client_id");
        String clientSecret = first(form, "client_secret");
        String basic = context.request().getHeader("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] credentials = new String(Base64.getDecoder().decode(basic.substring(6).strip()),
                    StandardCharsets.UTF_8).split(":", 2);
            clientId = decode(credentials[0]);
            clientSecret = credentials.length > 1 ? decode(credentials[1]) : null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (clientSecret == null || !world.clientMatches(clientId, clientSecret)) {
            answer.put("error", "incorrect_client_credentials");
            answer.put("error_description", "The client_id and/or client_secret passed are incorrect.");
        } else if ("refresh_token".equals(first(form, "grant_type"))) {
            Optional<SandboxWorld.UserTokens> refreshed = app() ? world.refresh(first(form, "refresh_token")) : Optional.empty();
            if (refreshed.isEmpty()) {
                answer.put("error", "bad_refresh_token");
                answer.put("error_description", "The refresh token passed is incorrect or expired.");
            } else {
                tokens(answer, refreshed.get());
            }
        } else {
            Optional<DemoUser> user = world.redeem(first(form, "code"), first(form, "code_verifier"));
            if (user.isEmpty()) {
                answer.put("error", "bad_verification_code");
                answer.put("error_description", "The code passed is incorrect or expired.");
            } else if (app()) {
                tokens(answer, world.appTokensFor(user.get()));
            } else {
                answer.put("access_token", world.tokenFor(user.get()));
                answer.put("token_type", "bearer");
                answer.put("scope", "repo");
            }
        }
        // GitHub answers 200 even for errors, with the error in the body.
        try {
            context.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(mapper.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    /** A GitHub App's user tokens expire (8 hours) and come with a refresh token; they have no scope. */
    private static void tokens(Map<String, Object> answer, SandboxWorld.UserTokens tokens) {
        answer.put("access_token", tokens.access());
        answer.put("expires_in", tokens.expiresIn());
        answer.put("refresh_token", tokens.refresh());
        answer.put("refresh_token_expires_in", 15_811_200);
        answer.put("token_type", "bearer");
        answer.put("scope", "");
    }

    /** Whether the sandbox plays a GitHub App (its ID is configured) rather than an OAuth App. */
    private boolean app() {
        return world.appMode();
    }

    /**
     * {@code DELETE /applications/{client_id}/token}, with the OAuth App's own credentials (Basic)
     * and {@code {"access_token": …}}: that token stops working.
     */
    void revoke(RoutingContext context) {
        if (faults.revocationsFail()) {
            context.response().setStatusCode(502).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"message\":\"Server Error\"}");
            return;
        }
        String clientId = context.pathParam("client_id");
        String basic = context.request().getHeader("Authorization");
        String[] credentials = {"", ""};
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                credentials = new String(Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8)
                        .split(":", 2);
            } catch (IllegalArgumentException e) {
                // stays empty: refused below
            }
        }
        if (credentials.length < 2 || !credentials[0].equals(clientId) || !world.clientMatches(credentials[0], credentials[1])) {
            context.response().setStatusCode(401).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"message\":\"Bad credentials\"}");
            return;
        }
        String token = null;
        try {
            token = context.body() == null ? null : mapper.readTree(context.body().asString()).path("access_token").asText(null);
        } catch (JsonProcessingException | RuntimeException e) {
            // no token: 422 below
        }
        if (token == null) {
            context.response().setStatusCode(422).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"message\":\"Validation Failed\"}");
            return;
        }
        if (!world.revoke(token)) {
            context.response().setStatusCode(404).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end("{\"message\":\"Not Found\"}");
            return;
        }
        context.response().setStatusCode(204).end();
    }

    /**
     * The request's PKCE challenge: "" when it has none (GitHub does not require PKCE), {@code null}
     * when it is not one GitHub takes (S256 only).
     */
    private static String challenge(RoutingContext context) {
        String challenge = context.request().getParam("code_challenge");
        String method = context.request().getParam("code_challenge_method");
        if (challenge == null && method == null) {
            return "";
        }
        return "S256".equals(method) && challenge != null && challenge.matches("[A-Za-z0-9_-]{43}") ? challenge : null;
    }

    /** The S256 challenge of a PKCE verifier: base64url(SHA-256(verifier)), unpadded. */
    static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void html(RoutingContext context, int status, TemplateInstance page) {
        context.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page.render());
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = value == null ? null : URI.create(value);
            return uri != null && uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
