package dev.promenade.github;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** What the OAuth App itself (not a user) asks GitHub, authenticated with its client ID and secret. */
@RegisterRestClient(configKey = "github")
@Produces(GitHubApi.MEDIA_TYPE)
@ClientHeaderParam(name = "X-GitHub-Api-Version", value = GitHubApi.API_VERSION)
@Path("/applications/{client_id}")
public interface GitHubApplications {

    record Token(String access_token) {
    }

    /** Revokes one token of this OAuth App: 204 when done. */
    @DELETE
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<Void>> revoke(@HeaderParam("Authorization") String basic, @PathParam("client_id") String clientId,
            Token token);
}
