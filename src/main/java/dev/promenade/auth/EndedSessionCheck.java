package dev.promenade.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * A session whose token ended (GitHub refused it, or it was signed out in another tab, on any
 * replica) is no session: its next request is answered as when GitHub refuses the token at
 * sign-in ({@link SessionEnded}: signed out, sent to sign in again).
 */
@ApplicationScoped
public class EndedSessionCheck implements SecurityIdentityAugmentor {

    @Inject
    EndedSessions sessions;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential token = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        if (token != null && sessions.isEnded(token.getToken())) {
            return Uni.createFrom().failure(new AuthenticationCompletionException("This session's GitHub token ended"));
        }
        return Uni.createFrom().item(identity);
    }
}
