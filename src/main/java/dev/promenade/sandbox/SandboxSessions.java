package dev.promenade.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is signed in to the sandbox's own web pages, as github.com remembers who signed in there:
 * set when a user authorizes Promenade, so that the pages of private repositories show to those
 * who may read them. A signed cookie; the key changes with every start.
 */
final class SandboxSessions {

    static final String COOKIE = "sandbox-user";
    private static final byte[] KEY = new SecureRandom().generateSeed(32);

    private SandboxSessions() {
    }

    static void signIn(RoutingContext context, DemoUser user) {
        context.response().addCookie(Cookie.cookie(COOKIE, user.login() + "." + sign(user.login())).setPath("/sandbox")
                .setHttpOnly(true).setSameSite(CookieSameSite.LAX));
    }

    static Optional<DemoUser> user(RoutingContext context) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || !cookie.getValue().contains(".")) {
            return Optional.empty();
        }
        String value = cookie.getValue();
        String login = value.substring(0, value.lastIndexOf('.'));
        byte[] expected = sign(login).getBytes(StandardCharsets.US_ASCII);
        byte[] given = value.substring(value.lastIndexOf('.') + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? DemoUser.byLogin(login) : Optional.empty();
    }

    private static String sign(String login) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(login.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
