package dev.promenade.auth;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Signing out. Signing in needs no page: any page asked for without a session leads to GitHub. */
@Path("/")
public class AuthResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut(boolean githubRefused);
    }

    @Inject
    OidcSession session;

    /** Forgets the session; GitHub's authorization of the OAuth App stays, as on any site. */
    @POST
    @Path("logout")
    public Uni<Response> logout() {
        return session.logout().map(done -> Response.seeOther(URI.create("/signed-out")).build());
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut(@RestQuery String reason) {
        return Templates.signedOut("github".equals(reason));
    }
}
