package dev.promenade.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The configuration as Quarkus maps it, without starting Quarkus. */
class ConfigurationTest {

    private static final int OWN_PORT = 8080;

    private final Map<String, String> properties = new HashMap<>(Map.of(
            "promenade.github.client-id", "Iv1.abc",
            "promenade.github.client-secret", "0123456789abcdef0123456789abcdef0123abcd"));

    @Test
    void theDefaultChainIsTestStagingProduction() {
        properties.put("promenade.repositories[0].name", "acme/storefront");

        Catalog catalog = catalog();

        assertEquals(List.of(new Environment("test", "master", null), new Environment("staging", "staging", null),
                new Environment("production", "production", null)), catalog.pipelines().get(0).environments());
    }

    @Test
    void aRepositoryMayHaveItsOwnChainWithSlashesInBranchNames() {
        properties.put("promenade.environments[0].name", "dev");
        properties.put("promenade.environments[1].name", "live");
        properties.put("promenade.environments[1].url", "https://live.example.com");
        properties.put("promenade.repositories[0].name", "acme/web");
        properties.put("promenade.repositories[1].name", "acme/infra");
        properties.put("promenade.repositories[1].environments[0].name", "main");
        properties.put("promenade.repositories[1].environments[1].name", "prod");
        properties.put("promenade.repositories[1].environments[1].branch", "release/prod");

        List<Pipeline> pipelines = catalog().pipelines();

        assertEquals(List.of(new Environment("dev", "dev", null), new Environment("live", "live", "https://live.example.com")),
                pipelines.get(0).environments());
        assertEquals(List.of(new Environment("main", "main", null), new Environment("prod", "release/prod", null)),
                pipelines.get(1).environments());
    }

    @Test
    void environmentVariablesConfigureIndexedKeys() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PromenadeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withSources(new io.smallrye.config.EnvConfigSource(Map.of(
                        "PROMENADE_REPOSITORIES_0__NAME", "acme/from-env",
                        "PROMENADE_GITHUB_API_URL", "https://ghe.example.com/api/v3"), 300))
                .build();

        Catalog catalog = Configuration.catalog(config.getConfigMapping(PromenadeConfig.class), OWN_PORT, true);

        assertEquals("acme/from-env", catalog.pipelines().get(0).repository().fullName());
        assertEquals("https://ghe.example.com/api/v3",
                config.getConfigMapping(PromenadeConfig.class).github().apiUrl().toString());
    }

    @Test
    void anOAuthAppAsksForRepoAndKeepsASessionEightHoursWhileAGitHubAppRefreshesItsTokens() {
        SmallRyeConfig oauth = withLoginModes(Map.of());
        assertEquals("repo", oauth.getRawValue("quarkus.oidc.authentication.scopes"));
        assertEquals("8H", oauth.getRawValue("quarkus.oidc.authentication.internal-id-token-lifespan"));
        assertEquals(null, oauth.getRawValue("quarkus.oidc.token.refresh-expired"));

        SmallRyeConfig app = withLoginModes(Map.of("promenade.github.app-id", "1", "promenade.github.private-key", "PEM"));
        assertEquals(null, app.getRawValue("quarkus.oidc.authentication.scopes"), "no repo scope");
        assertEquals(null, app.getRawValue("quarkus.oidc.authentication.internal-id-token-lifespan"), "as long as GitHub's token");
        assertEquals("true", app.getRawValue("quarkus.oidc.token.refresh-expired"));
        assertEquals("5M", app.getRawValue("quarkus.oidc.token.refresh-token-time-skew"));

        SmallRyeConfig sandboxApp = withLoginModes(Map.of("promenade.sandbox.mode", "app"));
        assertEquals("true", sandboxApp.getRawValue("quarkus.oidc.token.refresh-expired"));
        assertTrue(sandboxApp.getRawValue("promenade.github.private-key").startsWith("-----BEGIN PRIVATE KEY-----"),
                "dev mode as a GitHub App makes its key");
        assertEquals(null, oauth.getRawValue("promenade.github.private-key"));
    }

    @Test
    void theAppsKeyMayComeFromAFileAndAnAppIdWithoutAKeyIsRefused() throws java.io.IOException {
        java.nio.file.Path key = java.nio.file.Files.createTempFile("app", ".pem");
        try {
            java.nio.file.Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
            properties.put("promenade.github.app-id", "123");
            properties.put("promenade.github.private-key-file", key.toString());
            assertTrue(Configuration.appMode(config()));
            assertTrue(withLoginModes(Map.of("promenade.github.app-id", "123", "promenade.github.private-key-file", key.toString()))
                    .getRawValue("quarkus.oidc.token.refresh-expired") != null, "sign-in as a GitHub App");

            // (A file is read once: another one, empty.)
            java.nio.file.Path empty = java.nio.file.Files.createTempFile("none", ".pem");
            empty.toFile().deleteOnExit();
            properties.put("promenade.github.private-key-file", empty.toString());
            assertTrue(!Configuration.appMode(config()), "an empty file (compose mounts /dev/null without one) is no key");
            ConfigurationException refused = assertThrows(ConfigurationException.class,
                    () -> Configuration.catalog(config(), OWN_PORT, true));
            assertTrue(refused.getMessage().contains("promenade.github.app-id: is set, but neither"), refused.getMessage());
        } finally {
            java.nio.file.Files.delete(key);
        }
    }

    private static SmallRyeConfig withLoginModes(Map<String, String> given) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(given, "test", 250))
                .withSources(new LoginModes()).withSources(new SandboxAppMode()).build();
    }

    @Test
    void badConfigurationNamesEveryOffendingKey() {
        properties.put("promenade.github.client-secret", "too-short");
        properties.put("promenade.session-key", "also-too-short");
        properties.put("promenade.github.outage-grace", "PT30S");
        properties.put("promenade.repositories[0].name", "not-a-repository");
        properties.put("promenade.repositories[1].name", "acme/app");
        properties.put("promenade.repositories[2].name", "ACME/app");
        properties.put("promenade.repositories[1].environments[0].name", "test");
        properties.put("promenade.repositories[1].environments[0].branch", "main");
        properties.put("promenade.repositories[1].environments[1].name", "test");
        properties.put("promenade.repositories[1].environments[1].branch", "main");

        String message = assertThrows(ConfigurationException.class, this::catalog).getMessage();

        assertTrue(message.contains("promenade.github.client-secret: must be at least 32 characters"), message);
        assertTrue(message.contains("promenade.session-key: must be at least 32 characters"), message);
        assertTrue(message.contains("promenade.github.outage-grace: PT30S must be positive and at least promenade.access-check-ttl (PT1M)"),
                message);
        assertTrue(message.contains("promenade.repositories[0].name: 'not-a-repository' is not owner/repo"), message);
        assertTrue(message.contains("promenade.repositories[2].name: ACME/app is configured twice"), message);
        assertTrue(message.contains("promenade.repositories[1].environments[1].name: environment 'test' appears twice"), message);
        assertTrue(message.contains("promenade.repositories[1].environments[1].branch: branch 'main' is used by two environments"),
                message);
    }

    @Test
    void anEmptyChainIsRefused() {
        properties.put("promenade.repositories[0].name", "acme/app");

        String message = assertThrows(ConfigurationException.class,
                () -> Configuration.catalog(new EmptyChainConfig(config()), OWN_PORT, true)).getMessage();
        assertTrue(message.contains("promenade.environments: the promotion chain is empty"), message);
    }

    @Test
    void theSandboxCannotRunWithRealGitHubUrls() {
        properties.put("promenade.sandbox.enabled", "true");

        String message = assertThrows(ConfigurationException.class, this::catalog).getMessage();

        assertTrue(message.contains("promenade.github.api-url: https://api.github.com is not the sandbox's"), message);
        assertTrue(message.contains("promenade.github.web-url: https://github.com is not the sandbox's"), message);
    }

    @Test
    void sandboxUrlsNeedTheSandbox() {
        properties.put("promenade.github.api-url", "http://localhost:8080/sandbox/api");

        String message = assertThrows(ConfigurationException.class, this::catalog).getMessage();

        assertTrue(message.contains("promenade.sandbox.enabled: is false, but promenade.github.api-url points at this"
                + " application's sandbox"), message);
    }

    @Test
    void anotherPromenadesSandboxIsAGitHubLikeAnyOther() {
        properties.put("promenade.github.api-url", "http://localhost:18081/sandbox/api");
        properties.put("promenade.github.web-url", "http://localhost:18081/sandbox");

        assertTrue(catalog().pipelines().isEmpty());
    }

    @Test
    void theSandboxRunsWithItsOwnUrls() {
        properties.put("promenade.sandbox.enabled", "true");
        properties.put("promenade.github.api-url", "http://localhost:8080/sandbox/api");
        properties.put("promenade.github.web-url", "http://localhost:8080/sandbox");

        assertTrue(catalog().pipelines().isEmpty());
    }

    @Test
    void theGraphQLEndpointIsDerivedFromTheRestOneAsGitHubLaysThemOut() {
        assertEquals("https://api.github.com/graphql", Configuration.graphqlUrl(config().github()).toString());
        properties.put("promenade.github.api-url", "https://github.acme.example/api/v3/");
        assertEquals("https://github.acme.example/api/graphql", Configuration.graphqlUrl(config().github()).toString());
        properties.put("promenade.github.graphql-url", "https://proxy.acme.example/graphql");
        assertEquals("https://proxy.acme.example/graphql", Configuration.graphqlUrl(config().github()).toString());
    }

    @Test
    void aProductionPackageRefusesToStartWithTheSandboxOn() {
        properties.put("promenade.sandbox.enabled", "true");
        properties.put("promenade.github.api-url", "http://localhost:8080/sandbox/api");
        properties.put("promenade.github.web-url", "http://localhost:8080/sandbox");
        assertEquals(0, Configuration.catalog(config(), 8080, true).pipelines().size(), "dev mode and tests have it");

        String message = assertThrows(ConfigurationException.class, () -> Configuration.catalog(config(), 8080, false))
                .getMessage();
        assertTrue(message.contains("promenade.sandbox.enabled: is true, but this is a production package"), message);
    }

    private Catalog catalog() {
        return Configuration.catalog(config(), OWN_PORT, true);
    }

    private PromenadeConfig config() {
        return new SmallRyeConfigBuilder()
                .withMapping(PromenadeConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(PromenadeConfig.class);
    }

    /** An explicitly empty default chain, which properties cannot express. */
    private record EmptyChainConfig(PromenadeConfig delegate) implements PromenadeConfig {
        @Override
        public GitHub github() {
            return delegate.github();
        }

        @Override
        public java.util.Optional<List<EnvironmentConfig>> environments() {
            return java.util.Optional.of(List.of());
        }

        @Override
        public java.util.Optional<List<RepositoryConfig>> repositories() {
            return delegate.repositories();
        }

        @Override
        public java.util.Optional<java.net.URI> publicUrl() {
            return delegate.publicUrl();
        }

        @Override
        public java.util.Optional<String> sessionKey() {
            return delegate.sessionKey();
        }

        @Override
        public java.time.Duration accessCheckTtl() {
            return delegate.accessCheckTtl();
        }

        @Override
        public java.time.Duration refreshAfter() {
            return delegate.refreshAfter();
        }

        @Override
        public java.time.Duration pageDeadline() {
            return delegate.pageDeadline();
        }

        @Override
        public java.time.Duration heartbeat() {
            return delegate.heartbeat();
        }

        @Override
        public Store store() {
            return delegate.store();
        }

        @Override
        public Sandbox sandbox() {
            return delegate.sandbox();
        }
    }
}
