package dev.promenade.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.promenade.pipeline.ChainFile;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.sandbox.GitHubSchema;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.schema.GraphQLSchema;

/**
 * Every query Promenade can send, validated against GitHub's published schema with GitHub's own
 * rules (pagination bounds, node limit): a misspelled field, a wrong argument or a connection
 * without {@code first}/{@code last} fails the build, not production.
 */
class GitHubQueriesTest {

    private static GraphQLSchema schema;

    private static final Pipeline THREE = new Pipeline(new RepositoryName("acme", "storefront"), List.of(
            new Environment("test", "master", null), new Environment("staging", "staging", null),
            new Environment("production", "production", null)));
    private static final Pipeline SLASHES = new Pipeline(new RepositoryName("acme", "infra"), List.of(
            new Environment("main", "main", null), new Environment("prod", "release/prod", null)));
    private static final Pipeline ONE = new Pipeline(new RepositoryName("acme", "single"), List.of(
            new Environment("live", "main", null)));

    @BeforeAll
    static void loadGitHubsSchema() {
        schema = GitHubSchema.load();
    }

    @Test
    void theAccessQueryIsValid() {
        assertValid(PipelineQuery.access(List.of(THREE.repository(), SLASHES.repository())));
    }

    @Test
    void readingTheNewestPendingCommitsWithTheirTreesIsValid() {
        assertValid(PipelineQuery.pipelines(List.of(new PipelineQuery.Ask(THREE, false, Set.of(),
                Map.of(0, "", 1, "Y3Vyc29yOjE5OQ==")), new PipelineQuery.Ask(SLASHES, false, Set.of(), Map.of(0, "")))));
    }

    @Test
    void theDiscoveryQueryOfAnAppsRepositoriesIsValid() {
        assertValid(PipelineQuery.discovery(List.of(THREE.repository(), SLASHES.repository()), ChainFile.PATH,
                List.of("master", "staging", "release/prod")));
    }

    @Test
    void theCommitChecksQueryIsValid() {
        assertValid(PipelineQuery.checks(SLASHES.repository(), List.of("a".repeat(40), "b".repeat(40))));
    }

    @Test
    void aFirstReadOfEveryShapeOfPipelineIsValid() {
        assertValid(PipelineQuery.pipelines(List.of(PipelineQuery.Ask.everything(THREE),
                PipelineQuery.Ask.everything(SLASHES), PipelineQuery.Ask.everything(ONE))));
    }

    @Test
    void aStateOnlyReadIsValid() {
        assertValid(PipelineQuery.pipelines(List.of(new PipelineQuery.Ask(THREE, true, Set.of(), Map.of()),
                new PipelineQuery.Ask(ONE, true, Set.of(), Map.of()))));
    }

    @Test
    void comparingSomeStepsOnlyIsValid() {
        assertValid(PipelineQuery.pipelines(List.of(new PipelineQuery.Ask(THREE, false, Set.of(1), Map.of()),
                new PipelineQuery.Ask(SLASHES, false, Set.of(0), Map.of()))));
    }

    @Test
    void comparingMovedStepsWithTheNewestPendingCommitsAtOnceIsValid() {
        assertValid(PipelineQuery.pipelines(List.of(new PipelineQuery.Ask(THREE, false, Set.of(0, 1), Map.of(1, "")))));
    }

    @Test
    void aFullBatchStaysFarBelowGitHubsLimits() {
        List<PipelineQuery.Ask> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(PipelineQuery.Ask.everything(new Pipeline(new RepositoryName("acme", "service-" + i), THREE.environments())));
        }
        PipelineQuery.Query query = PipelineQuery.pipelines(batch);
        GitHubSchema.Analysis analysis = GitHubSchema.analyse(schema,
                ParseAndValidate.parse(ExecutionInput.newExecutionInput().query(query.text()).build()).getDocument(),
                query.variables());
        assertTrue(analysis.errors().isEmpty(), analysis.errors().toString());
        System.out.println("25 repositories × 3 environments, first read: " + analysis.cost() + " points, " + analysis.nodes() + " nodes");
        assertTrue(analysis.nodes() < 500_000);
    }

    @Test
    void aMisspelledFieldWouldFailTheBuild() {
        PipelineQuery.Query query = PipelineQuery.access(List.of(THREE.repository()));
        List<String> problems = GitHubSchema.problems(schema, query.text().replace("viewerPermission", "viewerPermissions"),
                query.variables());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("viewerPermissions"), problems.get(0));
    }

    @Test
    void aConnectionWithoutBoundsWouldFailTheBuild() {
        PipelineQuery.Query query = PipelineQuery.pipelines(List.of(PipelineQuery.Ask.everything(THREE)));
        List<String> problems = GitHubSchema.problems(schema, query.text().replace("commits(first: 10)", "commits"),
                query.variables());
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("MISSING_PAGINATION_BOUNDARIES"), problems.get(0));
    }

    private static void assertValid(PipelineQuery.Query query) {
        List<String> problems = GitHubSchema.problems(schema, query.text(), query.variables());
        assertTrue(problems.isEmpty(), problems + "\n" + query.text());
    }
}
