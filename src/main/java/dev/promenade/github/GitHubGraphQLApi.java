package dev.promenade.github;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * GitHub's GraphQL endpoint. The token travels explicitly: reads may outlive the request of the
 * user they are done for (a background refresh), where no request context holds it. Built by
 * {@link GraphQLGateway} on the configured or derived URL.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// PullRequest.mergeStateStatus is part of GitHub's merge-info preview, which must be asked for.
@ClientHeaderParam(name = "Accept", value = "application/vnd.github.merge-info-preview+json, application/json")
public interface GitHubGraphQLApi {

    /** GitHub's GraphQL request: a query and its variables. */
    record Request(String query, Map<String, Object> variables) {
    }

    @POST
    Uni<RestResponse<JsonNode>> query(@HeaderParam("Authorization") String authorization, Request request);
}
