package dev.promenade.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.Startup;

/**
 * The GitHub tokens that must not be used again: their session was signed out, or GitHub refused
 * them (401). No request is sent with one any more, pages streaming to their session end, and the
 * session's next page sends its user to sign in. Known by fingerprint only (never the token), and
 * told to every replica ({@link SharedEndings}).
 */
@ApplicationScoped
@Startup
public class EndedSessions {

    /** Longer than any session ({@code quarkus.oidc.authentication.internal-id-token-lifespan}, 8 h). */
    public static final Duration KEEP = Duration.ofHours(9);

    private final Cache<String, Boolean> ended = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(KEEP).build();
    private final List<BiConsumer<String, Boolean>> listeners = new CopyOnWriteArrayList<>();

    @Inject
    SharedEndings shared;

    /** The session of {@code token} was signed out here: everywhere, from now on. */
    public void end(String token) {
        ended(token, true);
    }

    /**
     * GitHub refused {@code token} (401): it is never sent again. As a GitHub App, the session may
     * live on with a refreshed token (GitHub refuses the old one once refreshed).
     */
    public void refused(String token) {
        ended(token, false);
    }

    private void ended(String token, boolean signedOut) {
        if (token == null) {
            return;
        }
        String fingerprint = fingerprint(token);
        if (heard(fingerprint, signedOut)) {
            shared.tell(fingerprint);
        }
    }

    /**
     * A token ended, as this or another replica says (another replica's word counts as a sign-out).
     *
     * @return whether it was news here
     */
    public boolean heard(String fingerprint) {
        return heard(fingerprint, true);
    }

    private boolean heard(String fingerprint, boolean signedOut) {
        if (ended.asMap().putIfAbsent(fingerprint, Boolean.TRUE) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.accept(fingerprint, signedOut));
        return true;
    }

    public boolean isEnded(String token) {
        return token != null && isEndedFingerprint(fingerprint(token));
    }

    public boolean isEndedFingerprint(String fingerprint) {
        return ended.getIfPresent(fingerprint) != null;
    }

    /** Called with the fingerprint of each token that ends from now on, and whether its session was signed out. */
    public void onEnded(BiConsumer<String, Boolean> listener) {
        listeners.add(listener);
    }

    /** What identifies a token without revealing it: its SHA-256, in hex. */
    public static String fingerprint(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
