package dev.promenade.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.promenade.pipeline.Budget;
import dev.promenade.pipeline.DriftStatus;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.Reading;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Viewer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The GraphQL read path against answers shaped as GitHub gives them, scripted per test: errors per
 * alias, a batch timing out, rate limits in GitHub's older and newer words, budgets, paging.
 */
@QuarkusTest
@TestProfile(GraphQLGatewayTest.Scripted.class)
class GraphQLGatewayTest {

    public static class Scripted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedGraphQL.class));
        }
    }

    private static final List<Environment> CHAIN = List.of(new Environment("test", "master", null),
            new Environment("staging", "staging", null), new Environment("production", "release/prod", null));

    @Inject
    GraphQLGateway gateway;

    @Inject
    RateBudgets budgets;

    private int viewers;
    private Viewer viewer;

    @BeforeEach
    void freshViewer() {
        // Each test starts with GitHub trusted again, whatever the last one made it fail.
        CircuitBreakerMaintenance.get().resetAll();
        ScriptedGraphQL.requests.clear();
        ScriptedGraphQL.script = request -> ScriptedGraphQL.Reply.ok(answer(request, Map.of()).toString());
        viewer = new Viewer("user" + (++viewers) + "-" + System.nanoTime(), "token");
    }

    @Test
    void aRepositoryGitHubCannotResolveIsUnreadableWhileTheOthersCarryData() {
        List<RepositoryName> repositories = List.of(name("open"), name("hidden"), name("sso"), name("broken"));
        ScriptedGraphQL.script = request -> {
            ObjectNode body = ScriptedGraphQL.JSON.createObjectNode();
            ObjectNode data = body.putObject("data");
            data.putObject("r0").put("url", "https://github.com/acme/open").put("isPrivate", true)
                    .put("viewerPermission", "WRITE");
            data.putNull("r1");
            data.putNull("r2");
            data.putNull("r3");
            ArrayNode errors = body.putArray("errors");
            error(errors, "NOT_FOUND", "r1", "Could not resolve to a Repository with the name 'acme/hidden'.");
            error(errors, "FORBIDDEN", "r2", "Resource protected by organization SAML enforcement.");
            error(errors, null, "r3", "Something went wrong while executing your query.");
            return ScriptedGraphQL.Reply.ok(body.toString());
        };

        Map<RepositoryName, Optional<RepositoryAccess>> access = join(gateway.access(repositories, viewer));

        assertEquals(new RepositoryAccess(true, true, true, "https://github.com/acme/open"), access.get(name("open")).orElseThrow());
        assertEquals(Optional.empty(), access.get(name("hidden")));
        assertEquals(Optional.empty(), access.get(name("sso")));
        assertFalse(access.containsKey(name("broken")), "neither readable nor not: unknown");
        assertEquals(1, ScriptedGraphQL.requests.size(), "every repository in one query");
    }

    @Test
    void anErrorForOneRepositoryFailsOnlyThatRepository() {
        ScriptedGraphQL.script = request -> {
            ObjectNode body = answer(request, Map.of());
            ((ObjectNode) body.get("data")).putNull("r1");
            ((ObjectNode) body.get("data")).putNull("r2");
            error(body.putArray("errors"), "NOT_FOUND", "r1", "Could not resolve to a Repository with the name 'acme/b'.");
            error((ArrayNode) body.get("errors"), null, "r2", "Something went wrong while executing your query.");
            return ScriptedGraphQL.Reply.ok(body.toString());
        };

        Map<Pipeline, Reading> readings = read(List.of(pipeline("a"), pipeline("b"), pipeline("c")));

        assertInstanceOf(Reading.Read.class, readings.get(pipeline("a")));
        assertInstanceOf(Reading.Unreadable.class, readings.get(pipeline("b")));
        Reading.Failed failed = assertInstanceOf(Reading.Failed.class, readings.get(pipeline("c")));
        assertTrue(failed.failure().getMessage().contains("Something went wrong"), failed.failure().getMessage());
    }

    @Test
    void repositoriesAreReadInBatchesOfOneQueryEach() {
        List<Pipeline> pipelines = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pipelines.add(pipeline("service-" + i));
        }

        Map<Pipeline, Reading> readings = read(pipelines);

        assertEquals(3, ScriptedGraphQL.requests.size(), "batches of 4 (see ScriptedGraphQL)");
        assertTrue(ScriptedGraphQL.requests.stream().allMatch(request -> aliases(request) <= 4));
        assertTrue(readings.values().stream().allMatch(Reading.Read.class::isInstance));
        PipelineStatus status = ((Reading.Read) readings.get(pipelines.get(8))).status();
        assertEquals(oid("service-8", "release/prod"), status.heads().get(2).head().sha());
        assertEquals(DriftStatus.UP_TO_DATE, status.stepInto("production").orElseThrow().drift().status());
    }

    @Test
    void aBatchGitHubTimesOutOnIsSplitInHalvesEachTriedOnce() {
        ScriptedGraphQL.script = request -> aliases(request) > 2 || request.toString().contains("\"slow\"")
                ? new ScriptedGraphQL.Reply(502, Map.of(), "{\"data\":null,\"errors\":[{\"message\":\"We couldn't respond to your request in time.\"}]}")
                : ScriptedGraphQL.Reply.ok(answer(request, Map.of()).toString());

        Map<Pipeline, Reading> readings = read(List.of(pipeline("a"), pipeline("b"), pipeline("slow"), pipeline("d")));

        assertEquals(3, ScriptedGraphQL.requests.size(), "the batch, then each half once, never more");
        assertInstanceOf(Reading.Read.class, readings.get(pipeline("a")));
        assertInstanceOf(Reading.Read.class, readings.get(pipeline("b")));
        Reading.Failed slow = assertInstanceOf(Reading.Failed.class, readings.get(pipeline("slow")));
        assertEquals(GitHubFailure.Kind.UNAVAILABLE, slow.failure().kind());
        assertEquals(502, slow.failure().status());
        assertInstanceOf(Reading.Failed.class, readings.get(pipeline("d")), "in the half that timed out again");
    }

    @Test
    void anExhaustedRateLimitStopsEveryRequestForTheViewerUntilItResets() {
        Instant reset = Instant.now().plus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        ScriptedGraphQL.script = request -> new ScriptedGraphQL.Reply(200, Map.of("X-RateLimit-Limit", "5000",
                "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset.getEpochSecond())),
                "{\"errors\":[{\"type\":\"RATE_LIMITED\",\"message\":\"API rate limit exceeded for user ID 1.\"}]}");

        GitHubFailure failure = failureOf(gateway.read(List.of(pipeline("a")), viewer, pipeline -> null));

        assertEquals(GitHubFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(reset, failure.retryAt());
        assertEquals(reset, budgets.refusedUntil(viewer.login()));
        GitHubFailure again = failureOf(gateway.access(List.of(name("a")), viewer));
        assertEquals(GitHubFailure.Kind.RATE_LIMITED, again.kind());
        assertEquals(1, ScriptedGraphQL.requests.size(), "nothing sent until the reset: no retry loop");
    }

    @Test
    void theNewerRateLimitWordingIsUnderstoodToo() {
        Instant reset = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        ScriptedGraphQL.script = request -> ScriptedGraphQL.Reply.ok("{\"data\":{\"rateLimit\":{\"cost\":1,\"limit\":5000,"
                + "\"remaining\":0,\"resetAt\":\"" + reset + "\"}},\"errors\":[{\"type\":\"RATE_LIMIT\",\"code\":\"graphql_rate_limit\","
                + "\"message\":\"API rate limit already exceeded for user ID 1.\"}]}");

        GitHubFailure failure = failureOf(gateway.access(List.of(name("a")), viewer));

        assertEquals(GitHubFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(reset, budgets.refusedUntil(viewer.login()));
    }

    @Test
    void aSecondaryRateLimitWaitsAsLongAsGitHubSays() {
        Instant before = Instant.now();
        ScriptedGraphQL.script = request -> new ScriptedGraphQL.Reply(403, Map.of("Retry-After", "60"),
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}");

        GitHubFailure failure = failureOf(gateway.access(List.of(name("a")), viewer));

        assertEquals(GitHubFailure.Kind.RATE_LIMITED, failure.kind());
        Instant until = budgets.refusedUntil(viewer.login());
        assertFalse(until.isBefore(before.plusSeconds(59)), until.toString());
    }

    @Test
    void theBudgetGitHubReportsIsRemembered() {
        Instant reset = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        ScriptedGraphQL.script = request -> {
            ObjectNode body = answer(request, Map.of());
            ((ObjectNode) body.get("data")).putObject("rateLimit").put("cost", 3).put("limit", 5000).put("remaining", 412)
                    .put("resetAt", reset.toString());
            return ScriptedGraphQL.Reply.ok(body.toString());
        };

        read(List.of(pipeline("a")));

        assertEquals(new Budget(5000, 412, reset), budgets.graphql(viewer.login()).orElseThrow());
        assertTrue(budgets.graphql(viewer.login()).orElseThrow().isLow());
        assertEquals(reset, budgets.backgroundPausedUntil(viewer.login()));
        assertNull(budgets.refusedUntil(viewer.login()));
    }

    @Test
    void aSecondReadComparesOnlyTheStepsWhoseHeadsMoved() {
        Pipeline pipeline = pipeline("a");
        PipelineStatus known = ((Reading.Read) read(List.of(pipeline)).get(pipeline)).status();
        ScriptedGraphQL.requests.clear();
        String moved = "f".repeat(40);
        ScriptedGraphQL.script = request -> ScriptedGraphQL.Reply.ok(answer(request, Map.of("refs/heads/master", moved)).toString());

        PipelineStatus again = ((Reading.Read) join(gateway.read(List.of(pipeline), viewer, p -> known)).get(pipeline)).status();

        assertEquals(2, ScriptedGraphQL.requests.size());
        assertFalse(ScriptedGraphQL.requests.get(0).get("query").asText().contains("compare("), "the state alone first");
        String comparing = ScriptedGraphQL.requests.get(1).get("query").asText();
        assertEquals(2, comparing.split("compare\\(").length - 1, "then the one step that moved, both ways");
        assertEquals(moved, again.stepInto("staging").orElseThrow().drift().sourceSha());
        assertEquals(known.stepInto("production").orElseThrow().drift(), again.stepInto("production").orElseThrow().drift());
    }

    @Test
    void theNewestCommitsOnlyATargetHasAreReadOnceHoweverManyThereAre() {
        ScriptedGraphQL.script = request -> ScriptedGraphQL.Reply.ok(answer(request, Map.of(), 1500).toString());
        Pipeline pipeline = pipeline("a");

        Reading reading = read(List.of(pipeline)).get(pipeline);

        assertEquals(1, ScriptedGraphQL.requests.size(), "one query: the newest 100 of the 1,500 decide");
        assertTrue(ScriptedGraphQL.requests.get(0).get("query").asText().contains("commits(last: 100)"));
        var drift = ((Reading.Read) reading).status().stepInto("production").orElseThrow().drift();
        assertEquals(DriftStatus.UP_TO_DATE, drift.status(),
                "production's head merges staging's and equals it: the 1,400 merges not read cannot hold a hotfix");
        assertEquals(0, drift.couldNotTellWithin());
        assertEquals(100, drift.promotionMerges(), "of those read");
    }

    @Test
    void aStepWhoseBranchMovedBetweenItsTwoComparisonsIsComparedAgainInTheSameRead() {
        ScriptedGraphQL.script = request -> {
            ObjectNode body = answer(request, Map.of());
            if (ScriptedGraphQL.requests.size() == 1) {
                // production moved between the two comparisons of the staging → production step
                ((ObjectNode) body.path("data").path("r0").path("e1").path("targetOnly").path("headTarget"))
                        .put("oid", "f".repeat(40));
            }
            return ScriptedGraphQL.Reply.ok(body.toString());
        };
        Pipeline pipeline = pipeline("a");

        Reading reading = read(List.of(pipeline)).get(pipeline);

        assertEquals(2, ScriptedGraphQL.requests.size());
        String again = ScriptedGraphQL.requests.get(1).get("query").asText();
        assertEquals(2, again.split("compare\\(").length - 1, "that step again, both ways");
        assertEquals(DriftStatus.UP_TO_DATE, ((Reading.Read) reading).status().stepInto("production").orElseThrow().drift().status());
    }

    private Map<Pipeline, Reading> read(List<Pipeline> pipelines) {
        return join(gateway.read(pipelines, viewer, pipeline -> null));
    }

    private static int aliases(JsonNode request) {
        int count = 0;
        for (Iterator<String> names = request.get("variables").fieldNames(); names.hasNext();) {
            count += names.next().matches("o\\d+") ? 1 : 0;
        }
        return count;
    }

    /**
     * A GitHub-shaped answer for every repository the query names: each branch at its own commit,
     * every step up to date; {@code heads} moves branches (by qualified name); the production step's
     * target holds {@code targetOnly} merge commits of earlier promotions, of which GitHub gives the newest 100 asked for.
     */
    static ObjectNode answer(JsonNode request, Map<String, String> heads) {
        return answer(request, heads, 0);
    }

    static ObjectNode answer(JsonNode request, Map<String, String> heads, int targetOnly) {
        JsonNode variables = request.get("variables");
        Function<String, String> head = variable -> {
            String qualified = variables.get(variable).asText();
            return heads.getOrDefault(qualified, oid(variables.get("n" + variable.substring(1, variable.indexOf('_'))).asText(),
                    qualified.substring("refs/heads/".length())));
        };
        String query = request.get("query").asText();
        ObjectNode body = ScriptedGraphQL.JSON.createObjectNode();
        ObjectNode data = body.putObject("data");
        for (int i = 0; variables.has("o" + i); i++) {
            ObjectNode repository = data.putObject("r" + i);
            repository.put("url", "https://github.com/acme/" + variables.get("n" + i).asText()).put("isPrivate", false)
                    .put("viewerPermission", "ADMIN");
            for (int env = 0; env < CHAIN.size(); env++) {
                if (!variables.has("q" + i + "_" + env)) {
                    continue;
                }
                String mine = head.apply("q" + i + "_" + env);
                ObjectNode ref = repository.putObject("e" + env);
                ref.set("target", commit(mine, "Head of " + env));
                if (variables.has("q" + i + "_" + (env - 1))) {
                    ObjectNode pending = ref.putObject("pending");
                    pending.put("aheadBy", 0).put("behindBy", env == 2 ? targetOnly : 0);
                    pending.putObject("baseTarget").put("oid", mine);
                    pending.putObject("headTarget").put("oid", head.apply("q" + i + "_" + (env - 1)));
                    pending.putObject("commits").putArray("nodes");
                }
                if (variables.has("q" + i + "_" + (env + 1))) {
                    // The newest 100 of the target's merges of earlier promotions, newest last, each equal to its source parent.
                    int total = env == 1 ? targetOnly : 0;
                    ObjectNode compare = ref.putObject("targetOnly");
                    compare.put("aheadBy", total);
                    compare.putObject("baseTarget").put("oid", mine);
                    compare.putObject("headTarget").put("oid", head.apply("q" + i + "_" + (env + 1)));
                    ArrayNode nodes = compare.putObject("commits").putArray("nodes");
                    for (int n = Math.max(0, total - 100); n < total; n++) {
                        String oid = n == total - 1 ? head.apply("q" + i + "_" + (env + 1)) : String.format("%040x", n + 1);
                        ObjectNode merge = commit(oid, "Merge pull request #" + n + " from acme/staging");
                        merge.putObject("parents").put("totalCount", 2);
                        merge.putObject("tree").put("oid", "tree-" + n);
                        ArrayNode parents = merge.putObject("parentShas").putArray("nodes");
                        parents.addObject().put("oid", String.format("%040x", n)).put("committedDate", "2026-11-20T09:00:00Z")
                                .putObject("tree").put("oid", "tree-" + (n - 1));
                        parents.addObject().put("oid", "source-" + n).put("committedDate", "2026-11-20T09:00:00Z")
                                .putObject("tree").put("oid", "tree-" + n);
                        nodes.add(merge);
                    }
                }
            }
            for (int step = 1; variables.has("b" + i + "_" + step); step++) {
                for (String kind : List.of("p", "b", "m")) {
                    repository.putObject(kind + step).putArray("nodes");
                }
            }
        }
        return body;
    }

    private static ObjectNode commit(String oid, String message) {
        ObjectNode commit = ScriptedGraphQL.JSON.createObjectNode();
        commit.put("oid", oid).put("message", message).put("url", "https://github.com/acme/x/commit/" + oid);
        ObjectNode author = commit.putObject("author").put("name", "Alice").put("date", "2026-11-20T10:00:00+01:00");
        author.putObject("user").put("login", "alice").put("avatarUrl", "https://avatars.githubusercontent.com/u/1");
        commit.putObject("statusCheckRollup").put("state", "SUCCESS");
        return commit;
    }

    static String oid(String repository, String branch) {
        return String.format("%040x", Math.abs((long) (repository + "@" + branch).hashCode()));
    }

    private static void error(ArrayNode errors, String type, String alias, String message) {
        ObjectNode error = errors.addObject();
        if (type != null) {
            error.put("type", type);
        }
        error.putArray("path").add(alias);
        error.putArray("locations").addObject().put("line", 2).put("column", 3);
        error.put("message", message);
    }

    private static Pipeline pipeline(String name) {
        return new Pipeline(name(name), CHAIN);
    }

    private static RepositoryName name(String name) {
        return new RepositoryName("acme", name);
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static GitHubFailure failureOf(CompletionStage<?> stage) {
        return assertThrows(GitHubFailure.class, () -> join(stage));
    }
}
