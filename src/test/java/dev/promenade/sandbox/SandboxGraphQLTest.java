package dev.promenade.sandbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The sandbox's GraphQL API answers as GitHub's does: data from its Git repositories, GitHub's errors and limits. */
@QuarkusTest
class SandboxGraphQLTest {

    @Inject
    SandboxWorld world;

    @Inject
    SandboxFaults faults;

    @AfterEach
    void heal() {
        faults.clear();
    }

    @Test
    void aComparisonCountsAndListsWhatGitTells() {
        JsonPath answer = query("alice", """
                query { repository(owner: "acme", name: "storefront") {
                  ref(qualifiedName: "refs/heads/staging") {
                    target { ... on Commit { oid } }
                    compare(headRef: "refs/heads/master") { status aheadBy behindBy commits(first: 100) { nodes { oid } } }
                  } } }""");

        List<String> pending = world.log("acme/storefront", "staging", "master");
        assertEquals(world.headOf("acme/storefront", "staging").orElseThrow(),
                answer.getString("data.repository.ref.target.oid"));
        assertEquals("DIVERGED", answer.getString("data.repository.ref.compare.status"), "staging holds promotion merges");
        assertEquals(pending.size(), answer.getInt("data.repository.ref.compare.aheadBy"));
        assertEquals(world.log("acme/storefront", "master", "staging").size(), answer.getInt("data.repository.ref.compare.behindBy"));
        assertEquals(pending, answer.getList("data.repository.ref.compare.commits.nodes.oid"), "oldest first, as GitHub lists them");
    }

    @Test
    void aRepositoryTheViewerMayNotReadIsNullWithNotFoundWhileTheOthersCarryData() {
        JsonPath answer = query("carol", """
                query { a: repository(owner: "acme", name: "ledger") { url }
                        b: repository(owner: "acme", name: "docs") { viewerPermission isPrivate } }""");

        assertNull(answer.<Object>get("data.a"));
        assertEquals("WRITE", answer.getString("data.b.viewerPermission"));
        assertEquals("NOT_FOUND", answer.getString("errors[0].type"));
        assertEquals(List.of("a"), answer.getList("errors[0].path"));
        assertEquals("Could not resolve to a Repository with the name 'acme/ledger'.", answer.getString("errors[0].message"));
    }

    @Test
    void aConnectionWithoutFirstOrLastFailsTheWholeQuery() {
        JsonPath answer = query("alice", """
                query { repository(owner: "acme", name: "docs") { pullRequests(states: OPEN) { totalCount } } }""");

        assertNull(answer.<Object>get("data"));
        assertEquals("MISSING_PAGINATION_BOUNDARIES", answer.getString("errors[0].type"));
        assertEquals(List.of("query", "repository", "pullRequests"), answer.getList("errors[0].path"));
    }

    @Test
    void moreThanAHundredRecordsAtOnceAreRefused() {
        JsonPath answer = query("alice", """
                query { repository(owner: "acme", name: "docs") { pullRequests(first: 101) { totalCount } } }""");

        assertEquals("EXCESSIVE_PAGINATION", answer.getString("errors[0].type"));
    }

    @Test
    void aFieldGitHubsSchemaLacksIsRefused() {
        JsonPath answer = query("alice", """
                query { repository(owner: "acme", name: "docs") { viewerPermissions } }""");

        assertNull(answer.<Object>get("data"));
        assertTrue(answer.getString("errors[0].message").contains("viewerPermissions"), answer.getString("errors[0].message"));
    }

    @Test
    void everyAnswerSaysWhatItCostAndWhatIsLeft() {
        Response response = post("alice", """
                query { rateLimit { cost remaining limit }
                  repository(owner: "acme", name: "storefront") {
                    ref(qualifiedName: "refs/heads/staging") {
                      compare(headRef: "refs/heads/master") { commits(first: 100) { nodes { parents(first: 1) { totalCount } } } } } } }""");

        JsonPath answer = response.jsonPath();
        assertEquals(1, answer.getInt("data.rateLimit.cost"), "101 requests: rounded to one point, as GitHub counts");
        assertEquals(5000, answer.getInt("data.rateLimit.limit"));
        assertEquals("graphql", response.header("X-RateLimit-Resource"));
        assertEquals(String.valueOf(answer.getInt("data.rateLimit.remaining")), response.header("X-RateLimit-Remaining"));
    }

    @Test
    void anExhaustedRateLimitIsAnErrorOfTypeRateLimited() {
        faults.rateLimit("acme/docs", Instant.now().plusSeconds(600));

        JsonPath answer = query("alice", """
                query { repository(owner: "acme", name: "docs") { url } }""");

        assertEquals("RATE_LIMITED", answer.getString("errors[0].type"));
        assertNull(answer.<Object>get("data"));
    }

    @Test
    void withoutATokenNothingIsAnswered() {
        given().contentType("application/json").body(Map.of("query", "query { viewer { login } }"))
                .post("/sandbox/api/graphql").then().statusCode(401);
    }

    private JsonPath query(String login, String query) {
        Response response = post(login, query);
        assertEquals(200, response.statusCode(), response.body().asString());
        return response.jsonPath();
    }

    private Response post(String login, String query) {
        return given().header("Authorization", "bearer " + world.tokenFor(DemoUser.byLogin(login).orElseThrow()))
                .contentType("application/json").body(Map.of("query", query)).post("/sandbox/api/graphql");
    }
}
