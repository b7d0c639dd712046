package dev.promenade.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in GitHub user, as GitHub's {@code /user} described them at sign-in. */
@RequestScoped
@Named("currentUser")
public class CurrentUser {

    /** Where quarkus-oidc keeps the user info of the session. */
    private static final String USER_INFO = "userinfo";

    @Inject
    SecurityIdentity identity;

    public boolean signedIn() {
        return !identity.isAnonymous() && userInfo() != null;
    }

    public String login() {
        return field("login");
    }

    public String name() {
        String name = field("name");
        return name == null || name.isBlank() ? login() : name;
    }

    public String avatarUrl() {
        return field("avatar_url");
    }

    private String field(String name) {
        UserInfo info = userInfo();
        return info == null ? null : info.getString(name);
    }

    private UserInfo userInfo() {
        return identity.isAnonymous() ? null : identity.getAttribute(USER_INFO);
    }
}
