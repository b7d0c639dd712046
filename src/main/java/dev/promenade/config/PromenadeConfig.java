package dev.promenade.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything Promenade is configured with; every key is documented in the README. */
@ConfigMapping(prefix = "promenade")
public interface PromenadeConfig {

    /** How to reach GitHub (github.com or GitHub Enterprise) and the OAuth App users sign in with. */
    GitHub github();

    /**
     * The default promotion chain, in promotion order. When unset: {@code test}/{@code master},
     * {@code staging}/{@code staging}, {@code production}/{@code production}.
     */
    Optional<List<EnvironmentConfig>> environments();

    /** The repositories on the dashboard, in display order. */
    Optional<List<RepositoryConfig>> repositories();

    /**
     * The externally visible base URL of Promenade, for links that leave the app (shared links, PR
     * bodies). When unset, links are derived from the request.
     */
    Optional<URI> publicUrl();

    /**
     * The key sessions are encrypted with and Promenade's own signatures (CSRF tokens, permission
     * answers in Redis, sealed links) are made with: at least 32 characters, the same on every
     * replica. When unset, the OAuth App's client secret.
     */
    Optional<String> sessionKey();

    /** How long a user's read/push permission on a repository, as GitHub answered it, is reused. */
    @WithDefault("PT1M")
    Duration accessCheckTtl();

    /**
     * How old a repository's snapshot may be before a page showing it has it read again, in the
     * background: the page itself shows the snapshot at once, with its age.
     */
    @WithDefault("PT15S")
    Duration refreshAfter();

    /**
     * How long a page waits for GitHub (only repositories never read before make it wait); what is
     * not back by then shows as loading and fills itself in.
     */
    @WithDefault("PT3S")
    Duration pageDeadline();

    /**
     * How often an open page's event stream gets a heartbeat when nothing changes, so that proxies
     * and load balancers do not close it as idle (most do after 60 s).
     */
    @WithDefault("PT20S")
    Duration heartbeat();

    /**
     * Where snapshots and permission answers live: {@code memory} for one instance,
     * {@code redis} (at {@code quarkus.redis.hosts}) for several replicas behind a load balancer.
     */
    @WithDefault("memory")
    Store store();

    enum Store {
        /** This instance's memory: run one instance. */
        MEMORY,
        /** Redis, shared by every replica. */
        REDIS
    }

    /** The embedded GitHub stand-in. */
    Sandbox sandbox();

    interface GitHub {
        /** The REST API base URL; for GitHub Enterprise {@code https://HOST/api/v3}. */
        @WithDefault("https://api.github.com")
        URI apiUrl();

        /** The web base URL; OAuth endpoints are {@code {web-url}/login/oauth/authorize} and {@code .../access_token}. */
        @WithDefault("https://github.com")
        URI webUrl();

        /** The GitHub App's ID, in GitHub App mode (with {@link #privateKey()}). */
        Optional<String> appId();

        /**
         * The GitHub App's private key, PEM as GitHub gives it ({@code BEGIN RSA PRIVATE KEY}) or
         * PKCS#8; from the environment or a secret file ({@code ${file:...}} is not needed: set
         * {@code PROMENADE_GITHUB_PRIVATE_KEY} from the file). Never logged.
         */
        Optional<String> privateKey();

        /**
         * The GitHub App's private key as a file (a mounted secret), when {@link #privateKey()} is
         * not set; an empty file is no key.
         */
        Optional<java.nio.file.Path> privateKeyFile();

        /** The OAuth App's client ID. */
        String clientId();

        /** The OAuth App's client secret; at least 32 characters because Quarkus signs the session with it. */
        String clientSecret();

        /** OAuth scopes requested at sign-in; {@code repo} lets Promenade read private repositories and open PRs. */
        @WithDefault("repo")
        List<String> scopes();

        /**
         * GitHub's GraphQL endpoint. When unset: {@code https://api.github.com/graphql} for
         * github.com, {@code https://HOST/api/graphql} for GitHub Enterprise ({@code api-url}
         * {@code https://HOST/api/v3}), else {@code {api-url}/graphql}.
         */
        Optional<URI> graphqlUrl();

        /** How many repositories one GraphQL query reads; GitHub gives up on queries running over 10 s. */
        @WithDefault("25")
        int batchSize();

        /** How many GraphQL queries one user's page has in flight at once. */
        @WithDefault("3")
        int batchesInFlight();

        /**
         * The secret GitHub signs webhook deliveries with ({@code X-Hub-Signature-256}); without
         * it, {@code /webhooks/github} is off and pages refresh by age alone.
         */
        Optional<String> webhookSecret();

        /**
         * While GitHub cannot be asked whether a user may read a repository, how long what it last
         * said stands in (pages show the last known state, saying GitHub fails); after that, pages say
         * Promenade cannot check the user's access.
         */
        @WithDefault("PT15M")
        Duration outageGrace();

        /** How long any request to GitHub may take before it counts as unanswered (GitHub gives up on GraphQL queries after 10 s). */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface EnvironmentConfig {
        /** The environment's name, unique in its chain; it appears in URLs. */
        String name();

        /** The branch deployed to it; defaults to the name. */
        Optional<String> branch();

        /** Where the environment runs, linked from the dashboard. */
        Optional<URI> url();

        /** Promote into this environment only once the source head's checks have all passed. */
        @WithDefault("false")
        boolean requireGreenChecks();
    }

    interface RepositoryConfig {
        /** {@code owner/repo}. */
        String name();

        /** This repository's own promotion chain, replacing the default one. */
        Optional<List<EnvironmentConfig>> environments();
    }

    interface Sandbox {
        /**
         * Read when building: whether the stand-in is built in at all. True for dev mode and tests; a
         * production package ({@code ./mvnw package}) has none of its beans or routes.
         */
        @WithDefault("false")
        boolean included();

        /** Serve the embedded GitHub stand-in under {@code /sandbox}; never together with real GitHub URLs. */
        @WithDefault("false")
        boolean enabled();

        /** How long every request to the sandbox's GitHub API takes at least, to try Promenade as across a network. */
        @WithDefault("PT0S")
        Duration latency();

        /**
         * Deliver webhooks to this application, signed with {@code promenade.github.webhook-secret},
         * as GitHub would for a push, a merge or a new pull request made on the sandbox.
         */
        @WithDefault("false")
        boolean webhooks();

        /**
         * Whether the sandbox plays GitHub for an OAuth App ({@code oauth-app}) or a GitHub App
         * ({@code app}: dev mode then runs as one, with a key made at start, see {@code SandboxAppMode}).
         */
        @WithDefault("oauth-app")
        Mode mode();

        enum Mode {
            OAUTH_APP,
            APP
        }

        /** How long the user tokens the sandbox issues as a GitHub App's live before they must be refreshed (GitHub: 8 hours). */
        @WithDefault("PT8H")
        Duration userTokenLifetime();
    }
}
