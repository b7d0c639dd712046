package dev.promenade.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Comparison;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Viewer;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The application's own REST client and gateway, reading what GitHub really answered (recorded
 * by hub4j/github-api; see the recordings' README).
 */
@QuarkusTest
@TestProfile(GitHubContractTest.RecordedProfile.class)
class GitHubContractTest {

    public static class RecordedProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RecordedGitHub.class));
        }
    }

    private static final RepositoryName HUB4J = new RepositoryName("hub4j-test-org", "github-api");
    /** The recordings answer whoever asks. */
    private static final Viewer RECORDED = new Viewer("hub4j", "recorded");
    private static final String BASE = "e46a9f3f2ac55db96de3c5c4706f2813b3a96465";
    private static final String HEAD = "8051615eff597f4e49f4f47625e6fc2b49f26bfc";

    @Inject
    GitHubGateway gateway;

    @Inject
    @RestClient
    GitHubApi api;

    @Inject
    Clock clock;

    @Inject
    GitHubGuards guards;

    @Inject
    @CacheName("github-compare")
    Cache comparisons;

    /**
     * A repository read through the application's error mapping, as Promenade's own clients are: the
     * recordings of GitHub's secondary rate limits answer {@code GET /repos/{owner}/{repo}}.
     */
    @Path("/repos/{owner}/{repo}")
    public interface RecordedRepositories {
        @GET
        String repository(@PathParam("owner") String owner, @PathParam("repo") String repo);
    }

    @Inject
    GitHubErrors errors;

    @ConfigProperty(name = "promenade.github.api-url")
    URI recorded;

    private RecordedRepositories repositories;

    @BeforeEach
    void nothingRemembered() {
        comparisons.invalidateAll().await().indefinitely();
        repositories = QuarkusRestClientBuilder.newBuilder().baseUri(recorded).register(errors).build(RecordedRepositories.class);
    }

    @Test
    void aComparisonYieldsGitHubsCountAndCommitsInGitHubsOrder() {
        Comparison comparison = join(gateway.compare(RECORDED, HUB4J, BASE, HEAD, Integer.MAX_VALUE));

        JsonNode recorded = RecordedGitHub.read("hub4j/compare-ahead-9.body.json");
        assertEquals(9, comparison.aheadBy());
        assertEquals(recorded.get("ahead_by").asInt(), comparison.aheadBy());
        assertEquals(0, comparison.behindBy());
        assertEquals(shas(recorded), comparison.commits().stream().map(Commit::sha).toList());
        assertEquals(comparison.aheadBy(), comparison.commits().size());
    }

    @Test
    void commitsCarryAuthorPullRequestAndMergeParents() {
        List<Commit> commits = join(gateway.compare(RECORDED, HUB4J, BASE, HEAD, Integer.MAX_VALUE)).commits();

        Commit first = commits.get(0);
        assertEquals("499d91f", first.shortSha());
        assertEquals("jackson-databind 2.9.9.3", first.headline());
        assertFalse(first.isMerge());
        assertNotNull(first.author());
        assertEquals(Instant.parse(RecordedGitHub.read("hub4j/compare-ahead-9.body.json").get("commits").get(0)
                .get("commit").get("author").get("date").asText()), first.date());
        assertTrue(first.htmlUrl().startsWith("https://github.com/hub4j-test-org/github-api/commit/"));

        Commit merge = commits.get(1);
        assertTrue(merge.isMerge());
        assertEquals(533, merge.pullRequest());
        assertEquals(List.of(533, 534, 537, 325, 333), commits.stream().map(Commit::pullRequest).filter(n -> n > 0).toList());
    }

    @Test
    void pagedComparisonsAreReadPageByPageToTheEnd() {
        GitHubGateway fiveAtATime = new GitHubGateway(api, comparisons, guards, URI.create("https://api.github.com"), 5);

        Comparison comparison = join(fiveAtATime.compare(RECORDED, HUB4J, BASE, HEAD, Integer.MAX_VALUE));

        List<String> paged = new ArrayList<>(shas(RecordedGitHub.read("hub4j/compare-per_page5-page1.body.json")));
        paged.addAll(shas(RecordedGitHub.read("hub4j/compare-per_page5-page2.body.json")));
        assertEquals(9, paged.size());
        assertEquals(paged, comparison.commits().stream().map(Commit::sha).toList());
        assertEquals(shas(RecordedGitHub.read("hub4j/compare-ahead-9.body.json")), paged, "pages add up to the whole");
        assertEquals(9, comparison.aheadBy());
    }

    @Test
    void aPreviewStopsAfterTheFirstPage() {
        GitHubGateway fiveAtATime = new GitHubGateway(api, comparisons, guards, URI.create("https://api.github.com"), 5);

        Comparison comparison = join(fiveAtATime.compare(RECORDED, HUB4J, BASE, HEAD, 5));

        assertEquals(5, comparison.commits().size());
        assertEquals(9, comparison.aheadBy());
    }

    @Test
    void theNextPageIsTakenFromGitHubsLinkHeader() {
        String link = RecordedGitHub.read("hub4j/compare-per_page5-page1.mapping.json").get("response").get("headers")
                .get("Link").asText();
        String lastPage = RecordedGitHub.read("hub4j/compare-per_page5-page2.mapping.json").get("response").get("headers")
                .get("Link").asText();

        assertEquals(2, GitHubGateway.nextPage(link));
        assertEquals(2, GitHubGateway.lastPage(link));
        assertNull(GitHubGateway.nextPage(lastPage));
        assertNull(GitHubGateway.nextPage(null));
    }

    @Test
    void aSecondaryRateLimitIsRecognised() {
        Instant before = clock.instant();

        GitHubFailure failure = assertThrows(GitHubFailure.class,
                () -> repositories.repository("hub4j-test-org", "temp-testHandler_Wait_Secondary_Limits"));

        assertEquals(GitHubFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(403, failure.status());
        assertTrue(failure.getMessage().contains("secondary rate limit"), failure.getMessage());
        assertFalse(failure.retryAt().isBefore(before));
    }

    @Test
    void tooManyRequestsSaysWhenToRetry() {
        Instant before = clock.instant();

        GitHubFailure failure = assertThrows(GitHubFailure.class, () -> repositories
                .repository("hub4j-test-org", "temp-testHandler_Wait_Secondary_Limits_Too_Many_Requests"));

        assertEquals(GitHubFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(429, failure.status());
        Duration wait = Duration.between(before, failure.retryAt());
        assertTrue(wait.compareTo(Duration.ofSeconds(8)) >= 0 && wait.compareTo(Duration.ofSeconds(10)) < 0, wait.toString());
    }

    @Test
    void whatGitHubDoesNotKnowIsNotFound() {
        GitHubFailure failure = assertThrows(GitHubFailure.class,
                () -> join(gateway.compare(RECORDED, HUB4J, BASE, "0".repeat(40), 10)));

        assertEquals(GitHubFailure.Kind.NOT_FOUND, failure.kind());
        assertTrue(failure.getMessage().startsWith("comparing e46a9f3...0000000 in hub4j-test-org/github-api"),
                failure.getMessage());
    }

    @Test
    void theOverTwoHundredFiftyRecordingIsAnUnpagedAnswerWithoutLink() {
        JsonNode mapping = RecordedGitHub.read("hub4j/compare-over-250.mapping.json");

        assertEquals(200, mapping.get("response").get("status").asInt());
        assertFalse(mapping.get("response").get("headers").has("Link"),
                "GitHub does not offer the next page unless asked for pages: Promenade always asks");
    }

    @Test
    void openPullRequestsAreFilteredByBaseAndOwnerQualifiedHead() {
        List<PullRequest> open = gateway.pullRequests(HUB4J, "main", "test/stable", "open", 5);

        JsonNode recorded = RecordedGitHub.read("hub4j/pulls-list-head-base-filter.body.json");
        assertEquals(1, open.size());
        PullRequest pullRequest = open.get(0);
        assertEquals(recorded.get(0).get("number").asInt(), pullRequest.number());
        assertEquals("main", pullRequest.baseBranch());
        assertEquals("test/stable", pullRequest.headBranch());
        assertEquals(recorded.get(0).get("user").get("login").asText(), pullRequest.author());
        assertTrue(pullRequest.isOpen());
        assertTrue(pullRequest.promotes("test/stable", "main"));
    }

    @Test
    void anOpenedPullRequestIsReadFromTheCreatedAnswer() {
        PullRequest opened = gateway.openPullRequest(HUB4J, "main", "test/stable", "markReadyForReviewNonDraft", "## test");

        JsonNode recorded = RecordedGitHub.read("hub4j/pulls-create-201.body.json");
        assertEquals(recorded.get("number").asInt(), opened.number());
        assertEquals(recorded.get("html_url").asText(), opened.htmlUrl());
        assertEquals("unknown", opened.mergeableState());
        assertEquals(Instant.parse(recorded.get("created_at").asText()), opened.createdAt());
    }

    @Test
    void gitHubSayingOneIsOpenAlreadyIsAValidationFailureNamingIt() {
        GitHubFailure failure = assertThrows(GitHubFailure.class,
                () -> gateway.openPullRequest(HUB4J, "main", "test/stable", "Test PR", "## test"));

        assertEquals(GitHubFailure.Kind.UNPROCESSABLE, failure.kind());
        assertEquals(422, failure.status());
        assertTrue(failure.reason().contains("A pull request already exists for hub4j-test-org:test/stable."),
                failure.reason());
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static List<String> shas(JsonNode comparison) {
        List<String> shas = new ArrayList<>();
        comparison.get("commits").forEach(commit -> shas.add(commit.get("sha").asText()));
        return shas;
    }
}
