package dev.promenade.github;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/**
 * GitHub's REST API, where GraphQL does not fit: comparisons paged past 250 commits, pull request
 * history, opening pull requests. Called with the signed-in user's token (added by
 * {@link UserTokenFilter}); the rate limit headers of every answer are read by {@link RestRateHeaders}.
 */
@RegisterRestClient(configKey = "github")
@RegisterProvider(UserTokenFilter.class)
@RegisterProvider(EndedTokenFilter.class)
@RegisterProvider(RestRateHeaders.class)
@RegisterProvider(GitHubErrors.class)
@Produces(GitHubApi.MEDIA_TYPE)
@ClientHeaderParam(name = "X-GitHub-Api-Version", value = GitHubApi.API_VERSION)
@Path("/repos/{owner}/{repo}")
public interface GitHubApi {

    String MEDIA_TYPE = "application/vnd.github+json";
    String API_VERSION = "2022-11-28";

    /** @param authorization the viewer's, explicit: a live update of their page runs outside their request */
    @GET
    @Path("/compare/{basehead}")
    Uni<RestResponse<GitHubJson.Comparison>> compare(@HeaderParam("Authorization") String authorization,
            @PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("basehead") String basehead, @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    /** @param head {@code owner:branch}, as GitHub filters by it */
    @GET
    @Path("/pulls")
    Uni<List<GitHubJson.PullRequest>> pullRequests(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @QueryParam("state") String state, @QueryParam("base") String base, @QueryParam("head") String head,
            @QueryParam("per_page") int perPage);

    @POST
    @Path("/pulls")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<GitHubJson.PullRequest> createPullRequest(@PathParam("owner") String owner, @PathParam("repo") String repo,
            GitHubJson.NewPullRequest pullRequest);
}
