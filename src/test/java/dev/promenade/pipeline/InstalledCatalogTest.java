package dev.promenade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which installed repositories a GitHub App shows, and with which chain. */
class InstalledCatalogTest {

    static final List<Environment> DEFAULT = List.of(new Environment("test", "master", null),
            new Environment("staging", "staging", null), new Environment("production", "production", null));
    static final Set<String> ALL_BRANCHES = Set.of("master", "staging", "production");
    static final String OWN_CHAIN = """
            environments:
              - name: main
                branch: main
                url: https://main.example.com
              - name: prod
                branch: release/prod
                require-green-checks: true
            """;

    @Test
    void withNothingConfiguredEveryRepositoryWithTheDefaultBranchesOrItsOwnChainShowsByName() {
        Catalog catalog = InstalledCatalog.of(List.of(
                installed("acme/zeta", null, ALL_BRANCHES),
                installed("acme/Alpha", null, ALL_BRANCHES),
                installed("acme/website", null, Set.of("master")),
                installed("acme/infra", OWN_CHAIN, Set.of()),
                installed("acme/broken", "environments: nope", ALL_BRANCHES)), new Catalog(List.of(), DEFAULT));

        assertEquals(List.of("acme/Alpha", "acme/infra", "acme/zeta"),
                catalog.pipelines().stream().map(pipeline -> pipeline.repository().fullName()).toList(),
                "by name, case aside; acme/website lacks staging and production; acme/broken's file is wrong");
        assertEquals(DEFAULT, catalog.pipelines().get(0).environments());
        assertEquals(List.of(new Environment("main", "main", "https://main.example.com"),
                new Environment("prod", "release/prod", null, true)), catalog.pipelines().get(1).environments());
        assertEquals(1, catalog.misconfigured().size());
        assertEquals("acme/broken", catalog.misconfigured().get(0).repository().fullName());
        assertTrue(catalog.misconfigured().get(0).problems().get(0).contains("has no list of environments"),
                catalog.misconfigured().toString());
    }

    @Test
    void configuredRepositoriesLimitAndOrderWhatShowsAndTheirConfiguredChainWins() {
        Pipeline configuredChain = new Pipeline(new RepositoryName("acme", "infra"),
                List.of(new Environment("dev", "develop", null), new Environment("live", "live", null)));
        Catalog configured = new Catalog(List.of(
                new Pipeline(new RepositoryName("acme", "zeta"), DEFAULT),
                new Pipeline(new RepositoryName("acme", "not-installed"), DEFAULT),
                configuredChain,
                new Pipeline(new RepositoryName("ACME", "website"), DEFAULT)), DEFAULT);

        Catalog catalog = InstalledCatalog.of(List.of(
                installed("acme/alpha", null, ALL_BRANCHES),
                installed("acme/infra", OWN_CHAIN, Set.of()),
                installed("acme/website", OWN_CHAIN, Set.of("master")),
                installed("acme/zeta", null, ALL_BRANCHES)), configured);

        assertEquals(List.of("acme/zeta", "acme/infra", "acme/website"),
                catalog.pipelines().stream().map(pipeline -> pipeline.repository().fullName()).toList(),
                "in configuration order, named as GitHub names them; only installed ones; alpha is not configured");
        assertEquals(configuredChain.environments(), catalog.pipelines().get(1).environments(), "configured chain over the file");
        assertEquals("prod", catalog.pipelines().get(2).environments().get(1).name(), "the file over the default chain");
    }

    static InstalledRepository installed(String name, String chainFile, Set<String> branches) {
        return new InstalledRepository(RepositoryName.parse(name).orElseThrow(), 1, chainFile, false, branches);
    }
}
