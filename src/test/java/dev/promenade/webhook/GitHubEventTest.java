package dev.promenade.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.EnvironmentHead;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.RepositoryName;

/** What deliveries say, read from GitHub's own payloads (recorded, and its documented samples). */
class GitHubEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORDINGS = "src/test/resources/github-recordings/";

    private static Pipeline pipeline(String repository, String... branches) {
        RepositoryName name = RepositoryName.parse(repository).orElseThrow();
        return new Pipeline(name, java.util.Arrays.stream(branches).map(branch -> new Environment(branch, branch, null)).toList());
    }

    private static JsonNode recorded(String path) throws IOException {
        return JSON.readTree(new File(RECORDINGS + path));
    }

    @Test
    void aRecordedPushToAnEnvironmentBranchAnnouncesItsNewHead() throws IOException {
        JsonNode push = recorded("hub4j/push-webhook.hub4j-test-org.payload.json");
        Pipeline pipeline = pipeline("hub4j-test-org/github-api", "changes", "main");

        assertEquals(Optional.of(new RepositoryName("hub4j-test-org", "github-api")), GitHubEvent.repository(push));
        assertEquals(Optional.of(new GitHubEvent.Change(Map.of("changes", "1393706f1364742defbc28ba459082630ca979af"))),
                GitHubEvent.change("push", push, pipeline, null));
    }

    @Test
    void aPushToAnotherBranchSaysNothing() throws IOException {
        JsonNode push = recorded("hub4j/push-webhook.docs-sample.payload.json");

        assertEquals(Optional.empty(), GitHubEvent.change("push", push, pipeline("baxterthehacker/public-repo", "main", "prod"), null));
    }

    @Test
    void aNewEnvironmentBranchIsAHeadAndADeletedTagIsNothing() throws IOException {
        JsonNode created = recorded("octokit-webhooks/push.with-new-branch.payload.json");
        JsonNode tagDeleted = recorded("octokit-webhooks/push.tag-deleted.payload.json");
        Pipeline pipeline = pipeline("Codertocat/Hello-World", "master", "simple-tag");

        assertEquals(Optional.of(new GitHubEvent.Change(Map.of("master", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"))),
                GitHubEvent.change("push", created, pipeline, null));
        assertEquals(Optional.empty(), GitHubEvent.change("push", tagDeleted, pipeline, null), "a tag is no branch");
    }

    @Test
    void aDeletedEnvironmentBranchChangesThePipelineWithoutAHead() throws IOException {
        ObjectNode deleted = (ObjectNode) recorded("octokit-webhooks/push.with-new-branch.payload.json").deepCopy();
        deleted.put("after", "0000000000000000000000000000000000000000");

        assertEquals(Optional.of(new GitHubEvent.Change(Map.of())),
                GitHubEvent.change("push", deleted, pipeline("Codertocat/Hello-World", "master"), null));
    }

    @Test
    void pullRequestsCountWhenTheyTouchAnEnvironmentBranch() throws IOException {
        Pipeline pipeline = pipeline("acme/app", "master", "staging");
        assertTrue(GitHubEvent.change("pull_request", pull("opened", "staging", "master"), pipeline, null).isPresent());
        assertTrue(GitHubEvent.change("pull_request", pull("closed", "staging", "feature/x"), pipeline, null).isPresent());
        assertTrue(GitHubEvent.change("pull_request", pull("synchronize", "feature/y", "master"), pipeline, null).isPresent());
        assertEquals(Optional.empty(), GitHubEvent.change("pull_request", pull("opened", "feature/y", "feature/x"), pipeline, null));
        assertEquals(Optional.empty(), GitHubEvent.change("pull_request", pull("labeled", "staging", "master"), pipeline, null),
                "a label changes nothing Promenade shows");
    }

    @Test
    void checksAndStatusesCountForAKnownHeadOrAnEnvironmentBranch() throws IOException {
        Pipeline pipeline = pipeline("acme/app", "master", "staging");
        String head = "1111111111111111111111111111111111111111";
        PipelineStatus known = new PipelineStatus(pipeline, List.of(new EnvironmentHead(pipeline.environments().get(0),
                new Commit(head, "Change", "alice", "Alice", null, Instant.EPOCH, null, null, 1, null, List.of()))), List.of());

        assertTrue(GitHubEvent.change("status", JSON.readTree("{\"sha\":\"" + head + "\",\"branches\":[]}"), pipeline, known)
                .isPresent());
        assertTrue(GitHubEvent.change("status", JSON.readTree("{\"sha\":\"2222222222222222222222222222222222222222\","
                + "\"branches\":[{\"name\":\"staging\"}]}"), pipeline, known).isPresent());
        assertEquals(Optional.empty(), GitHubEvent.change("status",
                JSON.readTree("{\"sha\":\"2222222222222222222222222222222222222222\",\"branches\":[{\"name\":\"feature\"}]}"),
                pipeline, known));
        assertTrue(GitHubEvent.change("check_run", JSON.readTree("{\"check_run\":{\"head_sha\":\"" + head + "\"}}"), pipeline, known)
                .isPresent());
        assertTrue(GitHubEvent.change("check_suite", JSON.readTree("{\"check_suite\":{\"head_branch\":\"staging\"}}"), pipeline,
                known).isPresent());
        assertEquals(Optional.empty(), GitHubEvent.change("check_suite",
                JSON.readTree("{\"check_suite\":{\"head_branch\":\"feature\",\"head_sha\":\"3333333333333333333333333333333333333333\"}}"),
                pipeline, known));
    }

    @Test
    void branchesCreatedOrDeletedCountTagsDoNot() throws IOException {
        Pipeline pipeline = pipeline("acme/app", "master", "release/prod");
        assertTrue(GitHubEvent.change("create", JSON.readTree("{\"ref\":\"release/prod\",\"ref_type\":\"branch\"}"), pipeline, null)
                .isPresent());
        assertTrue(GitHubEvent.change("delete", JSON.readTree("{\"ref\":\"release/prod\",\"ref_type\":\"branch\"}"), pipeline, null)
                .isPresent());
        assertEquals(Optional.empty(), GitHubEvent.change("create", JSON.readTree("{\"ref\":\"release/prod\",\"ref_type\":\"tag\"}"),
                pipeline, null));
        assertEquals(Optional.empty(), GitHubEvent.change("issues", JSON.readTree("{\"action\":\"opened\"}"), pipeline, null));
    }

    private static JsonNode pull(String action, String base, String head) throws IOException {
        return JSON.readTree("{\"action\":\"" + action + "\",\"pull_request\":{\"base\":{\"ref\":\"" + base
                + "\"},\"head\":{\"ref\":\"" + head + "\"}}}");
    }
}
