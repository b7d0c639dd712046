package dev.promenade.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Chains;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryName;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Turns the configuration into the catalog of pipelines, refusing configuration that cannot work. */
public final class Configuration {

    static final List<Environment> DEFAULT_CHAIN = List.of(
            new Environment("test", "master", null),
            new Environment("staging", "staging", null),
            new Environment("production", "production", null));

    /** The secret signs Quarkus's internal ID token with HS256, which needs a key of at least 256 bits. */
    static final int MIN_SECRET_LENGTH = 32;

    /** The last path segments of the sandbox's URLs, as served by this application. */
    public static final String SANDBOX_API_PATH = "/sandbox/api";
    public static final String SANDBOX_WEB_PATH = "/sandbox";

    private Configuration() {
    }

    /**
     * @param ownPort         the port this application serves HTTP on, where its own sandbox would be
     * @param sandboxIncluded whether this build has the sandbox (dev mode, tests), not a production package
     * @throws ConfigurationException naming every offending key
     */
    public static Catalog catalog(PromenadeConfig config, int ownPort, boolean sandboxIncluded) {
        List<String> problems = new ArrayList<>();
        if (config.sandbox().enabled() && !sandboxIncluded) {
            problems.add("promenade.sandbox.enabled: is true, but this is a production package, which has no GitHub"
                    + " sandbox: the sandbox is part of dev mode (./mvnw quarkus:dev) and the tests only. Connect this"
                    + " package to GitHub (see the README).");
        } else {
            checkGitHub(config, ownPort, problems);
        }

        List<Environment> defaultChain = config.environments()
                .map(chain -> chain(chain, "promenade.environments", problems))
                .orElse(DEFAULT_CHAIN);
        List<Pipeline> pipelines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<PromenadeConfig.RepositoryConfig> repositories = config.repositories().orElse(List.of());
        for (int i = 0; i < repositories.size(); i++) {
            PromenadeConfig.RepositoryConfig repository = repositories.get(i);
            String key = "promenade.repositories[" + i + "]";
            Optional<RepositoryName> name = RepositoryName.parse(repository.name());
            if (name.isEmpty()) {
                problems.add(key + ".name: '" + repository.name() + "' is not owner/repo");
                continue;
            }
            if (!seen.add(name.get().fullName().toLowerCase(Locale.ROOT))) {
                problems.add(key + ".name: " + name.get() + " is configured twice");
            }
            List<Environment> environments = repository.environments()
                    .map(chain -> chain(chain, key + ".environments", problems))
                    .orElse(defaultChain);
            pipelines.add(new Pipeline(name.get(), environments));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Promenade cannot start with this configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new Catalog(pipelines, defaultChain);
    }

    private static List<Environment> chain(List<PromenadeConfig.EnvironmentConfig> configured, String key,
            List<String> problems) {
        return Chains.of(configured.stream().map(environment -> new Chains.Declared(environment.name(),
                environment.branch().orElse(null), environment.url().map(URI::toString).orElse(null),
                environment.requireGreenChecks())).toList(), key, problems);
    }

    private static void checkGitHub(PromenadeConfig config, int ownPort, List<String> problems) {
        PromenadeConfig.GitHub github = config.github();
        if (github.clientSecret().length() < MIN_SECRET_LENGTH) {
            problems.add("promenade.github.client-secret: must be at least " + MIN_SECRET_LENGTH
                    + " characters (Quarkus signs the session with it)");
        }
        if (github.outageGrace().compareTo(config.accessCheckTtl()) < 0 || github.outageGrace().isZero()) {
            problems.add("promenade.github.outage-grace: " + github.outageGrace() + " must be positive and at least"
                    + " promenade.access-check-ttl (" + config.accessCheckTtl() + "): answers are kept that long at most");
        }
        config.sessionKey().filter(key -> key.length() < MIN_SECRET_LENGTH).ifPresent(key -> problems.add(
                "promenade.session-key: must be at least " + MIN_SECRET_LENGTH + " characters (sessions are encrypted with it)"));
        if (github.appId().filter(id -> !id.isBlank()).isPresent() && privateKey(github).isEmpty()) {
            problems.add("promenade.github.app-id: is set, but neither promenade.github.private-key nor"
                    + " promenade.github.private-key-file holds the App's private key");
        }
        boolean apiIsSandbox = isSandbox(github.apiUrl(), SANDBOX_API_PATH);
        boolean webIsSandbox = isSandbox(github.webUrl(), SANDBOX_WEB_PATH);
        if (config.sandbox().enabled()) {
            if (!apiIsSandbox) {
                problems.add("promenade.github.api-url: " + github.apiUrl()
                        + " is not the sandbox's, but promenade.sandbox.enabled is true");
            }
            if (!webIsSandbox) {
                problems.add("promenade.github.web-url: " + github.webUrl()
                        + " is not the sandbox's, but promenade.sandbox.enabled is true");
            }
        } else if ((apiIsSandbox && github.apiUrl().getPort() == ownPort) || (webIsSandbox && github.webUrl().getPort() == ownPort)) {
            // Another Promenade's sandbox (as the benchmark runs it) is a GitHub like any other; this one's is off.
            problems.add("promenade.sandbox.enabled: is false, but promenade.github."
                    + (apiIsSandbox ? "api-url" : "web-url") + " points at this application's sandbox");
        }
    }

    /** Whether Promenade runs as a GitHub App: its ID and private key are set. */
    public static boolean appMode(PromenadeConfig config) {
        return config.github().appId().filter(id -> !id.isBlank()).isPresent() && privateKey(config.github()).isPresent();
    }

    /** The GitHub App's private key (PEM): configured, or read from its file; empty when neither holds one. */
    public static Optional<String> privateKey(PromenadeConfig.GitHub github) {
        Optional<String> given = github.privateKey().filter(pem -> !pem.isBlank());
        if (given.isPresent() || github.privateKeyFile().isEmpty()) {
            return given;
        }
        // Read once: it is asked for often (every webhook), and the key in use changes with a restart only.
        return KEY_FILES.computeIfAbsent(github.privateKeyFile().get(), file -> {
            try {
                return Optional.of(Files.readString(file)).filter(pem -> !pem.isBlank());
            } catch (IOException e) {
                throw new ConfigurationException("promenade.github.private-key-file: " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        });
    }

    private static final java.util.Map<java.nio.file.Path, Optional<String>> KEY_FILES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * GitHub's GraphQL endpoint: configured, or derived from the REST one as GitHub lays them out
     * ({@code https://api.github.com/graphql}; {@code https://HOST/api/v3} → {@code https://HOST/api/graphql}).
     */
    public static URI graphqlUrl(PromenadeConfig.GitHub github) {
        if (github.graphqlUrl().isPresent()) {
            return github.graphqlUrl().get();
        }
        String api = github.apiUrl().toString().replaceAll("/+$", "");
        return URI.create(api.endsWith("/api/v3") ? api.substring(0, api.length() - "/v3".length()) + "/graphql"
                : api + "/graphql");
    }

    /** The sandbox only ever runs inside this application, so its URLs are loopback ones. */
    private static boolean isSandbox(URI url, String path) {
        String host = url.getHost() == null ? "" : url.getHost();
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        String urlPath = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
        return loopback && urlPath.equals(path);
    }
}
