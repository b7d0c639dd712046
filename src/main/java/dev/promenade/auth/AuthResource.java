package dev.promenade.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.github.GitHubApplications;
import dev.promenade.github.GitHubGuards;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Signing out. Signing in needs no page: any page asked for without a session leads to GitHub. */
@Path("/")
public class AuthResource {

    private static final Logger LOG = Logger.getLogger(AuthResource.class);

    /** Signing out does not wait longer than this for GitHub to revoke the token. */
    private static final Duration REVOKE_PATIENCE = Duration.ofSeconds(5);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut(boolean githubRefused, boolean notRevoked);
    }

    @Inject
    OidcSession session;

    @Inject
    CurrentUser user;

    @Inject
    PromenadeConfig config;

    @Inject
    @RestClient
    GitHubApplications applications;

    @Inject
    GitHubGuards guards;

    @Inject
    EndedSessions sessions;

    /**
     * Revokes the session's GitHub token, then forgets the session. Should GitHub not confirm the
     * revocation, the session still ends, and the page says where to revoke the token by hand.
     */
    @POST
    @Path("logout")
    public Uni<Response> logout() {
        String login = user.login();
        String token = user.viewer().token();
        // Ended at once, everywhere (open pages of this session in other tabs, other replicas), whatever GitHub answers.
        sessions.end(token);
        return revoke(login, token).chain(revoked -> session.logout()
                .map(done -> Response.seeOther(URI.create(revoked ? "/signed-out" : "/signed-out?revoked=no")).build()));
    }

    private Uni<Boolean> revoke(String login, String token) {
        if (token == null) {
            return Uni.createFrom().item(true);
        }
        String clientId = config.github().clientId();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + config.github().clientSecret()).getBytes(StandardCharsets.UTF_8));
        return guards.write(config.github().apiUrl(), () -> applications.revoke(basic, clientId, new GitHubApplications.Token(token)))
                .ifNoItem().after(REVOKE_PATIENCE).fail()
                .map(answer -> answer.getStatus() == 204)
                .onFailure().recoverWithItem(failure -> {
                    // The token itself is never logged.
                    LOG.warnf("GitHub did not revoke the token of %s at sign-out: %s", login, failure.getMessage());
                    return false;
                });
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut(@RestQuery String reason, @RestQuery String revoked) {
        return Templates.signedOut("github".equals(reason), "no".equals(revoked));
    }
}
