package dev.promenade.sandbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.SignIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The sandbox answers like GitHub: the recordings' shapes, statuses and headers. */
@QuarkusTest
class SandboxApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "promenade-sandbox";
    private static final String CLIENT_SECRET = "sandbox-secret-for-dev-and-tests-only-0123456789";

    @Inject
    SandboxWorld sandbox;

    @Test
    void theOAuthCodeIsTradedOnceForATokenOfTheChosenUser() {
        String code = code("carol");

        Response token = given().accept("application/json").formParam("client_id", CLIENT_ID)
                .formParam("client_secret", CLIENT_SECRET).formParam("code", code).post("/sandbox/login/oauth/access_token");
        assertEquals(200, token.statusCode());
        assertEquals("bearer", token.jsonPath().getString("token_type"));
        assertEquals("repo", token.jsonPath().getString("scope"));

        given().auth().oauth2(token.jsonPath().getString("access_token")).get("/sandbox/api/user")
                .then().statusCode(200).header("X-OAuth-Scopes", "repo");
        assertEquals("carol", given().auth().oauth2(token.jsonPath().getString("access_token")).get("/sandbox/api/user")
                .jsonPath().getString("login"));

        Response again = given().accept("application/json").formParam("client_id", CLIENT_ID)
                .formParam("client_secret", CLIENT_SECRET).formParam("code", code).post("/sandbox/login/oauth/access_token");
        assertEquals("bad_verification_code", again.jsonPath().getString("error"), "GitHub's answer, with status 200");
        assertNull(again.jsonPath().getString("access_token"));
    }

    @Test
    void aWrongClientSecretGetsNoToken() {
        Response token = given().accept("application/json").formParam("client_id", CLIENT_ID)
                .formParam("client_secret", "wrong").formParam("code", code("alice")).post("/sandbox/login/oauth/access_token");

        assertEquals("incorrect_client_credentials", token.jsonPath().getString("error"));
    }

    @Test
    void badTokensAre401AndHiddenRepositories404() {
        given().auth().oauth2("gho_sandbox_alice_forged").get("/sandbox/api/user").then().statusCode(401);
        given().get("/sandbox/api/user").then().statusCode(401);
        String carol = token("carol");

        Response hidden = given().auth().oauth2(carol).get("/sandbox/api/repos/acme/ledger");
        assertEquals(404, hidden.statusCode());
        assertEquals("Not Found", hidden.jsonPath().getString("message"));
        given().auth().oauth2(carol).get("/sandbox/api/repos/acme/nothing").then().statusCode(404);
        given().get("/sandbox/api/repos/acme/ledger").then().statusCode(404);
        given().get("/sandbox/api/repos/acme/storefront").then().statusCode(200);
    }

    @Test
    void permissionsSayWhoMayPush() {
        assertTrue(given().auth().oauth2(token("alice")).get("/sandbox/api/repos/acme/ledger").jsonPath()
                .getBoolean("permissions.push"));
        Response bob = given().auth().oauth2(token("bob")).get("/sandbox/api/repos/acme/storefront");
        assertFalse(bob.jsonPath().getBoolean("permissions.push"));
        assertTrue(bob.jsonPath().getBoolean("permissions.pull"));
        assertFalse(bob.jsonPath().getBoolean("private"));
    }

    @Test
    void aComparisonHasTheShapeOfTheRecordedOne() throws Exception {
        String staging = sandbox.headOf("acme/storefront", "staging").orElseThrow();
        String master = sandbox.headOf("acme/storefront", "master").orElseThrow();

        Response response = given().auth().oauth2(token("alice"))
                .get("/sandbox/api/repos/acme/storefront/compare/" + staging + "..." + master);

        assertEquals(200, response.statusCode());
        JsonNode sandboxed = JSON.readTree(response.body().asString());
        JsonNode recorded = JSON.readTree(new java.io.File("src/test/resources/github-recordings/hub4j/compare-ahead-9.body.json"));
        assertEquals(keys(recorded), keys(sandboxed));
        assertEquals(keys(recorded.get("commits").get(0)), keys(sandboxed.get("commits").get(0)));
        assertEquals(keys(recorded.get("commits").get(0).get("commit")), keys(sandboxed.get("commits").get(0).get("commit")));
        assertEquals(keys(recorded.get("commits").get(0).get("author")),
                keys(sandboxed.get("commits").get(1).get("author")));
        assertEquals("diverged", sandboxed.get("status").asText());
        assertEquals(4, sandboxed.get("ahead_by").asInt());
        assertEquals(2, sandboxed.get("behind_by").asInt());
        assertTrue(sandboxed.get("commits").get(0).get("author").isNull(), "an author without account");
        assertEquals("application/json; charset=utf-8", response.contentType());
        assertTrue(Integer.parseInt(response.header("X-RateLimit-Remaining")) < 5000);
    }

    @Test
    void pagedComparisonsLinkToTheNextPageLikeGitHub() throws Exception {
        String staging = sandbox.headOf("acme/ledger", "staging").orElseThrow();
        String path = "/sandbox/api/repos/acme/ledger/compare/" + staging + "...master";
        String alice = token("alice");

        Response unpaged = given().auth().oauth2(alice).get(path);
        assertEquals(250, unpaged.jsonPath().getList("commits").size(), "GitHub's cap without paging");
        assertEquals(300, unpaged.jsonPath().getInt("ahead_by"));
        assertNull(unpaged.header("Link"));

        List<String> all = new ArrayList<>();
        Response first = given().auth().oauth2(alice).queryParam("per_page", 100).queryParam("page", 1).get(path);
        assertTrue(first.header("Link").contains("per_page=100&page=2>; rel=\"next\""), first.header("Link"));
        assertTrue(first.header("Link").contains("per_page=100&page=3>; rel=\"last\""), first.header("Link"));
        assertFalse(first.jsonPath().getList("files").isEmpty());
        all.addAll(first.jsonPath().getList("commits.sha"));
        Response third = given().auth().oauth2(alice).queryParam("per_page", 100).queryParam("page", 3).get(path);
        assertFalse(third.header("Link").contains("rel=\"next\""));
        assertNull(third.jsonPath().get("files"), "files come on the first page only");
        assertEquals(100, all.size());
        assertEquals(100, third.jsonPath().getList("commits").size());
        assertEquals(sandbox.log("acme/ledger", "staging", "master").subList(0, 100), all);
    }

    @Test
    void branchNamesWithSlashesMayBeEncoded() {
        String alice = token("alice");
        String head = sandbox.headOf("acme/infra", "release/prod").orElseThrow();

        assertEquals(head, given().auth().oauth2(alice).urlEncodingEnabled(false)
                .get("/sandbox/api/repos/acme/infra/branches/release%2Fprod").jsonPath().getString("commit.sha"));
        assertEquals(head, given().auth().oauth2(alice).urlEncodingEnabled(false)
                .get("/sandbox/api/repos/acme/infra/branches/release/prod").jsonPath().getString("commit.sha"));
        Response missing = given().auth().oauth2(alice).get("/sandbox/api/repos/acme/infra/branches/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("Branch not found", missing.jsonPath().getString("message"));
    }

    @Test
    void theSandboxIsPublicButItsApiNeverAnswersForPromenadesSession() {
        SignIn alice = SignIn.as("alice");

        alice.request().get("/sandbox/api/user").then().statusCode(401);
    }

    private static String token(String login) {
        return given().accept("application/json").formParam("client_id", CLIENT_ID).formParam("client_secret", CLIENT_SECRET)
                .formParam("code", code(login)).post("/sandbox/login/oauth/access_token").jsonPath().getString("access_token");
    }

    private static String code(String login) {
        Response grant = given().redirects().follow(false).queryParam("client_id", CLIENT_ID)
                .queryParam("redirect_uri", "http://localhost:8081/auth/callback").queryParam("state", "s")
                .queryParam("login", login).get("/sandbox/login/oauth/grant");
        assertEquals(302, grant.statusCode());
        return SignIn.query(grant.header("Location")).get("code");
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
