package dev.promenade.github;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** GitHub's REST API, called with the signed-in user's token (added by {@link UserTokenFilter}). */
@RegisterRestClient(configKey = "github")
@RegisterProvider(UserTokenFilter.class)
@RegisterProvider(GitHubErrors.class)
@Produces(GitHubApi.MEDIA_TYPE)
@ClientHeaderParam(name = "X-GitHub-Api-Version", value = GitHubApi.API_VERSION)
@Path("/repos/{owner}/{repo}")
public interface GitHubApi {

    String MEDIA_TYPE = "application/vnd.github+json";
    String API_VERSION = "2022-11-28";

    @GET
    GitHubJson.Repository repository(@PathParam("owner") String owner, @PathParam("repo") String repo);

    @GET
    @Path("/branches/{branch}")
    GitHubJson.Branch branch(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("branch") String branch);

    @GET
    @Path("/compare/{basehead}")
    RestResponse<GitHubJson.Comparison> compare(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("basehead") String basehead, @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    /** @param head {@code owner:branch}, as GitHub filters by it */
    @GET
    @Path("/pulls")
    List<GitHubJson.PullRequest> pullRequests(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @QueryParam("state") String state, @QueryParam("base") String base, @QueryParam("head") String head,
            @QueryParam("per_page") int perPage);

    @GET
    @Path("/pulls/{number}")
    GitHubJson.PullRequest pullRequest(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("number") int number);

    @POST
    @Path("/pulls")
    @Consumes(MediaType.APPLICATION_JSON)
    GitHubJson.PullRequest createPullRequest(@PathParam("owner") String owner, @PathParam("repo") String repo,
            GitHubJson.NewPullRequest pullRequest);

    @GET
    @Path("/commits/{ref}/status")
    GitHubJson.CombinedStatus status(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("ref") String ref, @QueryParam("per_page") int perPage);

    @GET
    @Path("/commits/{ref}/check-runs")
    GitHubJson.CheckRuns checkRuns(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("ref") String ref, @QueryParam("per_page") int perPage);
}
