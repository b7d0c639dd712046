package dev.promenade.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * CSRF tokens signed (see {@link Seals}) and bound to the session: a session's token is the same on
 * every page and tab, stays valid exactly as long as the session does, is worthless in any other
 * session, and is the same on every replica. Nothing to store, no cookie to inject.
 * quarkus-rest-csrf's signed mode was not enough: it issues a new token with every page, so
 * opening a second tab voids the first one's forms.
 */
@ApplicationScoped
public class CsrfTokens {

    public static final String FIELD = "csrf-token";
    public static final String HEADER = "X-CSRF-Token";

    @Inject
    Seals seals;

    /** The token of the session {@code identity} belongs to; {@code null} without one. */
    public String of(SecurityIdentity identity) {
        String session = session(identity);
        return session == null ? null : seals.signature("csrf", session);
    }

    /** Whether {@code token} is this session's. */
    public boolean valid(SecurityIdentity identity, String token) {
        return Seals.matches(of(identity), token);
    }

    /** The session's own ID token (Quarkus mints one per sign-in for GitHub, which has none), else its GitHub token. */
    private static String session(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        IdTokenCredential id = identity.getCredential(IdTokenCredential.class);
        if (id != null && id.getToken() != null) {
            return id.getToken();
        }
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        return access == null ? null : access.getToken();
    }
}
