package dev.promenade.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.promenade.pipeline.Viewer;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** The signed-in GitHub user, as GitHub's {@code /user} described them at sign-in. */
@RequestScoped
@Named("currentUser")
public class CurrentUser {

    /** Where quarkus-oidc keeps the user info of the session. */
    private static final String USER_INFO = "userinfo";

    @Inject
    RoutingContext request;

    public boolean signedIn() {
        return userInfo() != null;
    }

    public String login() {
        return field("login");
    }

    public String name() {
        String name = field("name");
        return name == null || name.isBlank() ? login() : name;
    }

    /** Who GitHub is asked as: the login and the OAuth token of this session. */
    public Viewer viewer() {
        SecurityIdentity identity = identity();
        AccessTokenCredential token = identity == null ? null : identity.getCredential(AccessTokenCredential.class);
        return new Viewer(login(), token == null ? null : token.getToken());
    }

    public String avatarUrl() {
        return field("avatar_url");
    }

    private String field(String name) {
        UserInfo info = userInfo();
        return info == null ? null : info.getString(name);
    }

    /**
     * Read from the request, where authentication left it, rather than from an injected
     * {@code SecurityIdentity}: public pages (and error pages rendered on the I/O thread) must not
     * start an authentication to render the header.
     */
    private UserInfo userInfo() {
        SecurityIdentity identity = identity();
        return identity == null ? null : identity.getAttribute(USER_INFO);
    }

    /** The session's identity; {@code null} when nobody is signed in. */
    public SecurityIdentity identity() {
        if (!(request.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()) {
            return null;
        }
        return user.getSecurityIdentity();
    }
}
