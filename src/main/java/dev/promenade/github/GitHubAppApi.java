package dev.promenade.github;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;

/**
 * What a GitHub App asks GitHub as itself, with its JWT (its installations, and an installation's
 * access token), and as an installation, with that token (the repositories it is installed on).
 */
@RegisterRestClient(configKey = "github")
@RegisterProvider(GitHubErrors.class)
@Produces(GitHubApi.MEDIA_TYPE)
@ClientHeaderParam(name = "X-GitHub-Api-Version", value = GitHubApi.API_VERSION)
public interface GitHubAppApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Account(String login) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Installation(long id, Account account) {
    }

    /** An installation access token: the token itself is never logged. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AccessToken(String token, @JsonProperty("expires_at") Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[expires " + expiresAt + "]";
        }
    }

    /** An installed repository: archived ones take no promotions and are left out. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Repository(@JsonProperty("full_name") String fullName, @JsonProperty("default_branch") String defaultBranch,
            boolean archived) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Repositories(@JsonProperty("total_count") int totalCount, List<Repository> repositories) {
    }

    @GET
    @Path("/app/installations")
    Uni<List<Installation>> installations(@HeaderParam("Authorization") String jwt, @QueryParam("per_page") int perPage,
            @QueryParam("page") int page);

    @POST
    @Path("/app/installations/{id}/access_tokens")
    Uni<AccessToken> accessToken(@HeaderParam("Authorization") String jwt, @PathParam("id") long installation);

    @GET
    @Path("/installation/repositories")
    Uni<Repositories> repositories(@HeaderParam("Authorization") String token, @QueryParam("per_page") int perPage,
            @QueryParam("page") int page);
}
