package dev.promenade.github;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.promenade.config.PromenadeConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;

/**
 * Promenade as a GitHub App ({@code promenade.github.app-id} and {@code private-key}): the App's
 * JWT (RS256, issued a minute in the past for clocks that differ, valid nine minutes, as GitHub
 * allows ten), and each installation's access token, asked for once and kept until five minutes
 * before it expires. Tokens are never logged.
 */
@ApplicationScoped
public class GitHubApp {

    /** An installation token is asked for again this long before it expires: no read starts with one about to lapse. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    @Inject
    PromenadeConfig config;

    @Inject
    Clock clock;

    @Inject
    @RestClient
    GitHubAppApi api;

    @Inject
    GitHubGuards guards;

    private Optional<PrivateKey> key = Optional.empty();
    private final Map<Long, GitHubAppApi.AccessToken> tokens = new ConcurrentHashMap<>();
    /** The question in flight per installation: however many reads need a token at once, GitHub is asked once. */
    private final Map<Long, CompletableFuture<GitHubAppApi.AccessToken>> asking = new ConcurrentHashMap<>();

    @PostConstruct
    void readKey() {
        key = config.github().privateKey().filter(pem -> !pem.isBlank()).map(PrivateKeys::rsa);
    }

    /** Whether Promenade runs as a GitHub App. */
    public boolean configured() {
        return config.github().appId().isPresent() && key.isPresent();
    }

    /** The App's JWT, as GitHub wants it for {@code /app} requests. */
    String jwt() {
        Instant now = clock.instant();
        return Jwt.issuer(config.github().appId().orElseThrow()).issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(540))
                .jws().algorithm(SignatureAlgorithm.RS256).sign(key.orElseThrow());
    }

    /** The installations of the App. */
    public Uni<List<GitHubAppApi.Installation>> installations() {
        return guards.read(config.github().apiUrl(), () -> api.installations("Bearer " + jwt(), 100));
    }

    /** An access token of the installation, valid at least {@link #RENEW_BEFORE}. */
    public Uni<String> installationToken(long installation) {
        GitHubAppApi.AccessToken known = tokens.get(installation);
        if (known != null && known.expiresAt().isAfter(clock.instant().plus(RENEW_BEFORE))) {
            return Uni.createFrom().item(known.token());
        }
        CompletableFuture<GitHubAppApi.AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<GitHubAppApi.AccessToken> asked = asking.putIfAbsent(installation, mine);
        if (asked == null) {
            guards.write(config.github().apiUrl(), () -> api.accessToken("Bearer " + jwt(), installation)).subscribe().with(token -> {
                tokens.put(installation, token);
                asking.remove(installation, mine);
                mine.complete(token);
            }, failure -> {
                asking.remove(installation, mine);
                mine.completeExceptionally(failure);
            });
        }
        return Uni.createFrom().completionStage(asked == null ? mine : asked).map(GitHubAppApi.AccessToken::token);
    }
}
