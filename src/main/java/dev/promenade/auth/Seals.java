package dev.promenade.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.promenade.config.PromenadeConfig;
import io.quarkus.runtime.Startup;

/**
 * HMAC-SHA256 signatures with keys derived from {@code promenade.session-key} (or the OAuth App's
 * client secret), one key per purpose: what one replica signs, every replica (sharing the secret) can check, and nothing needs
 * storing. Made at start-up: made lazily, the first time a page's template asks for a CSRF token in
 * an asynchronous render, Quarkus could fail to inject the configuration into it.
 */
@ApplicationScoped
@Startup
public class Seals {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec secret;
    /** Derived once per purpose: a page asks for its CSRF token several times. */
    private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();

    Seals(PromenadeConfig config) {
        this.secret = new SecretKeySpec(config.sessionKey().orElse(config.github().clientSecret())
                .getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The signature of {@code message} for {@code purpose}, URL-safe. */
    public String signature(String purpose, String message) {
        SecretKeySpec key = keys.computeIfAbsent(purpose,
                named -> new SecretKeySpec(hmac(secret, "promenade " + named), "HmacSHA256"));
        return ENCODER.encodeToString(hmac(key, message));
    }

    /** {@code message} and its signature, to travel through a browser: {@code base64url(message).signature}. */
    public String seal(String purpose, String message) {
        return ENCODER.encodeToString(message.getBytes(StandardCharsets.UTF_8)) + "." + signature(purpose, message);
    }

    /** The message of a seal made for {@code purpose}; empty when it was not, or was altered. */
    public Optional<String> open(String purpose, String sealed) {
        if (sealed == null || sealed.length() > 4096) {
            return Optional.empty();
        }
        int dot = sealed.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String message;
        try {
            message = new String(Base64.getUrlDecoder().decode(sealed.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return matches(signature(purpose, message), sealed.substring(dot + 1)) ? Optional.of(message) : Optional.empty();
    }

    /**
     * {@code text} after its signature, {@code signature.text}, for storage that is shared but not
     * trusted (Redis): readable as it is, and checked before it is read.
     */
    public String signed(String purpose, String text) {
        return signature(purpose, text) + "." + text;
    }

    /** The text of {@link #signed} for {@code purpose}; empty when it was not, or was altered. */
    public Optional<String> verified(String purpose, String signed) {
        int dot = signed == null ? -1 : signed.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String text = signed.substring(dot + 1);
        return matches(signature(purpose, text), signed.substring(0, dot)) ? Optional.of(text) : Optional.empty();
    }

    /** Compared in constant time. */
    public static boolean matches(String expected, String given) {
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
