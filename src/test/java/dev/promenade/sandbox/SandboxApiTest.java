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
    void aPrivateRepositorysPagesShowToThoseSignedInWhoMayReadIt() {
        int number = sandbox.openPullRequest("acme/ledger", "staging", "master", "Promote test → staging", "alice");
        try {
            String path = "/sandbox/acme/ledger/pull/" + number;
            assertEquals(200, SignIn.as("alice").request().get(path).statusCode(), "alice may read acme/ledger");
            assertTrue(SignIn.as("alice").request().get("/sandbox/acme/ledger").body().asString().contains("#" + number));
            assertEquals(404, SignIn.as("bob").request().get(path).statusCode(), "bob may not");
            assertEquals(404, given().redirects().follow(false).get(path).statusCode(), "nor may anyone not signed in");
            assertEquals(404, given().redirects().follow(false).cookie("sandbox-user", "bob.forged").get(path).statusCode(),
                    "a made-up session is no one's");
        } finally {
            sandbox.reset();
        }
    }

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
    void aCodeAskedForWithPkceIsTradedOnlyWithItsVerifier() {
        String verifier = "a-verifier-of-forty-three-characters-or-more-0123";
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));

        assertEquals("bad_verification_code", exchange(code("alice", challenge), null).jsonPath().getString("error"));
        assertEquals("bad_verification_code", exchange(code("alice", challenge), verifier + "x").jsonPath().getString("error"));
        String code = code("alice", challenge);
        assertEquals("alice", given().auth().oauth2(exchange(code, verifier).jsonPath().getString("access_token"))
                .get("/sandbox/api/user").jsonPath().getString("login"));

        Response plain = given().redirects().follow(false).queryParam("client_id", CLIENT_ID)
                .queryParam("redirect_uri", "http://localhost:8081/auth/callback").queryParam("code_challenge", verifier)
                .queryParam("code_challenge_method", "plain").get("/sandbox/login/oauth/authorize");
        assertEquals(400, plain.statusCode(), "S256 only, as GitHub");
    }

    private static Response exchange(String code, String verifier) {
        var request = given().accept("application/json").formParam("client_id", CLIENT_ID)
                .formParam("client_secret", CLIENT_SECRET).formParam("code", code);
        return (verifier == null ? request : request.formParam("code_verifier", verifier)).post("/sandbox/login/oauth/access_token");
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    @Test
    void pullRequestsHaveTheShapesOfTheRecordedOnes() throws Exception {
        String alice = token("alice");
        try {
            Response created = given().auth().oauth2(alice).contentType("application/json")
                    .body("{\"title\":\"Promote\",\"head\":\"acme:master\",\"base\":\"staging\",\"body\":\"b\",\"draft\":false}")
                    .post("/sandbox/api/repos/acme/storefront/pulls");
            assertEquals(201, created.statusCode());
            assertEquals("http://localhost:8081/sandbox/api/repos/acme/storefront/pulls/16", created.header("Location"));
            JsonNode recordedCreated = JSON.readTree(new java.io.File(
                    "src/test/resources/github-recordings/hub4j/pulls-create-201.body.json"));
            JsonNode sandboxCreated = JSON.readTree(created.body().asString());
            assertEquals(keys(recordedCreated), keys(sandboxCreated));
            assertTrue(sandboxCreated.get("mergeable").isNull(), "not computed yet, as GitHub answers");
            assertEquals("unknown", sandboxCreated.get("mergeable_state").asText());

            Response listed = given().auth().oauth2(alice).queryParam("state", "open").queryParam("head", "acme:master")
                    .queryParam("base", "staging").get("/sandbox/api/repos/acme/storefront/pulls");
            JsonNode recordedList = JSON.readTree(new java.io.File(
                    "src/test/resources/github-recordings/hub4j/pulls-list-head-base-filter.body.json"));
            JsonNode sandboxList = JSON.readTree(listed.body().asString());
            assertEquals(1, sandboxList.size());
            // Recorded in 2019, before GitHub added draft, auto_merge and active_lock_reason to lists.
            assertTrue(keys(sandboxList.get(0)).containsAll(keys(recordedList.get(0))));

            Response again = given().auth().oauth2(alice).contentType("application/json")
                    .body("{\"title\":\"Promote\",\"head\":\"acme:master\",\"base\":\"staging\"}")
                    .post("/sandbox/api/repos/acme/storefront/pulls");
            assertEquals(422, again.statusCode());
            JsonNode recorded422 = RecordedBody.of("pulls-create-422-already-exists");
            assertEquals(recorded422.get("message").asText(), again.jsonPath().getString("message"));
            assertEquals("A pull request already exists for acme:master.", again.jsonPath().getString("errors[0].message"));

            Response nothing = given().auth().oauth2(alice).contentType("application/json")
                    .body("{\"title\":\"Back\",\"head\":\"acme:staging\",\"base\":\"master\"}")
                    .post("/sandbox/api/repos/acme/docs/pulls");
            assertEquals(422, nothing.statusCode());
            assertEquals("No commits between master and staging", nothing.jsonPath().getString("errors[0].message"));

            given().auth().oauth2(token("bob")).contentType("application/json")
                    .body("{\"title\":\"Promote\",\"head\":\"acme:master\",\"base\":\"staging\"}")
                    .post("/sandbox/api/repos/acme/payments/pulls").then().statusCode(403);
        } finally {
            sandbox.reset();
        }
    }

    @Test
    void statusesAndCheckRunsAreReportedPerCommit() {
        String alice = token("alice");
        String master = sandbox.headOf("acme/storefront", "master").orElseThrow();
        String staging = sandbox.headOf("acme/storefront", "staging").orElseThrow();

        Response status = given().auth().oauth2(alice).get("/sandbox/api/repos/acme/storefront/commits/" + master + "/status");
        assertEquals("success", status.jsonPath().getString("state"));
        assertEquals("ci/build", status.jsonPath().getString("statuses[0].context"));
        Response runs = given().auth().oauth2(alice).get("/sandbox/api/repos/acme/storefront/commits/" + staging + "/check-runs");
        assertEquals(1, runs.jsonPath().getInt("total_count"));
        assertEquals("failure", runs.jsonPath().getString("check_runs[0].conclusion"));
        Response none = given().auth().oauth2(alice).get("/sandbox/api/repos/acme/docs/commits/master/status");
        assertEquals("pending", none.jsonPath().getString("state"), "GitHub's combined state with no status");
        assertEquals(0, none.jsonPath().getInt("total_count"));
    }

    @Test
    void theSandboxPagesSimulateAPushAndMergeAPullRequest() {
        String before = sandbox.headOf("acme/docs", "master").orElseThrow();
        try {
            given().get("/sandbox/acme/docs").then().statusCode(200);
            given().get("/sandbox/acme/ledger").then().statusCode(404);

            Response pushed = given().redirects().follow(false).formParam("branch", "master").formParam("message", "Typo")
                    .formParam("login", "carol").formParam("ci", "success").post("/sandbox/acme/docs/push");
            assertEquals(303, pushed.statusCode());
            String head = sandbox.headOf("acme/docs", "master").orElseThrow();
            assertEquals(List.of(head), sandbox.log("acme/docs", before, head));
            String told = org.jsoup.Jsoup.parse(given().get(pushed.header("Location").replace("http://localhost:8081", ""))
                    .body().asString()).select("#pushed").text();
            assertEquals("Pushed " + head.substring(0, 7) + " to master. Promenade hears of it through the webhook, as it would"
                    + " from GitHub.", told, "the push is confirmed");
            org.jsoup.nodes.Document compare = org.jsoup.Jsoup.parse(given().get("/sandbox/acme/docs/compare/" + before + "..." + head)
                    .then().statusCode(200).extract().body().asString());
            assertEquals(List.of(head), compare.select("#compare-commits li").eachAttr("data-commit"), "GitHub's compare view");

            int number = sandbox.openPullRequest("acme/docs", "staging", "master", "Promote", "alice");
            Response merged = given().redirects().follow(false).formParam("login", "bob")
                    .post("/sandbox/acme/docs/pull/" + number + "/merge");
            assertEquals(409, merged.statusCode(), "bob may not push, so may not merge");
            given().redirects().follow(false).formParam("login", "alice").post("/sandbox/acme/docs/pull/" + number + "/merge")
                    .then().statusCode(303);
            assertTrue(sandbox.pullRequest("acme/docs", number).orElseThrow().merged());
            assertTrue(sandbox.log("acme/docs", "staging", "master").isEmpty());
            String merge = sandbox.headOf("acme/docs", "staging").orElseThrow();
            given().header("Authorization", "Bearer " + token("alice")).get("/sandbox/api/repos/acme/docs/commits/" + merge + "/status")
                    .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("success"));
        } finally {
            sandbox.reset();
        }
    }

    /** A recorded mapping's inline body. */
    private static final class RecordedBody {
        static JsonNode of(String name) throws Exception {
            JsonNode mapping = JSON.readTree(new java.io.File("src/test/resources/github-recordings/hub4j/" + name
                    + ".mapping.json"));
            return JSON.readTree(mapping.get("response").get("body").asText());
        }
    }

    private static String token(String login) {
        return given().accept("application/json").formParam("client_id", CLIENT_ID).formParam("client_secret", CLIENT_SECRET)
                .formParam("code", code(login)).post("/sandbox/login/oauth/access_token").jsonPath().getString("access_token");
    }

    private static String code(String login) {
        return code(login, null);
    }

    private static String code(String login, String challenge) {
        var request = given().redirects().follow(false).queryParam("client_id", CLIENT_ID)
                .queryParam("redirect_uri", "http://localhost:8081/auth/callback").queryParam("state", "s")
                .queryParam("login", login);
        if (challenge != null) {
            request.queryParam("code_challenge", challenge).queryParam("code_challenge_method", "S256");
        }
        Response grant = request.get("/sandbox/login/oauth/grant");
        assertEquals(302, grant.statusCode());
        return SignIn.query(grant.header("Location")).get("code");
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
