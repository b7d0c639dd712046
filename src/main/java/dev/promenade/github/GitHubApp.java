package dev.promenade.github;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.promenade.auth.EndedSessions;
import dev.promenade.config.Configuration;
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
    /** GitHub's largest page. */
    static final int PER_PAGE = 100;
    /** Pages read of one list at most: 10,000 installations, or repositories in one. */
    static final int MAX_PAGES = 100;

    @Inject
    PromenadeConfig config;

    @Inject
    Clock clock;

    @Inject
    @RestClient
    GitHubAppApi api;

    @Inject
    GitHubGuards guards;

    @Inject
    EndedSessions sessions;

    private Optional<PrivateKey> key = Optional.empty();
    private final Map<Long, GitHubAppApi.AccessToken> tokens = new ConcurrentHashMap<>();
    /** The question in flight per installation: however many reads need a token at once, GitHub is asked once. */
    private final Map<Long, CompletableFuture<GitHubAppApi.AccessToken>> asking = new ConcurrentHashMap<>();

    @PostConstruct
    void readKey() {
        key = Configuration.privateKey(config.github()).map(PrivateKeys::rsa);
    }

    /** Whether Promenade runs as a GitHub App. */
    public boolean configured() {
        return Configuration.appMode(config) && key.isPresent();
    }

    /** The App's JWT, as GitHub wants it for {@code /app} requests. */
    String jwt() {
        Instant now = clock.instant();
        return Jwt.issuer(config.github().appId().orElseThrow()).issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(540))
                .jws().algorithm(SignatureAlgorithm.RS256).sign(key.orElseThrow());
    }

    /** The installations of the App, every page of them. */
    public Uni<List<GitHubAppApi.Installation>> installations() {
        return installations(1, List.of());
    }

    private Uni<List<GitHubAppApi.Installation>> installations(int page, List<GitHubAppApi.Installation> before) {
        return guards.read(config.github().apiUrl(), () -> api.installations("Bearer " + jwt(), PER_PAGE, page)).chain(found -> {
            List<GitHubAppApi.Installation> all = new ArrayList<>(before);
            all.addAll(found);
            return found.size() < PER_PAGE || page >= MAX_PAGES ? Uni.createFrom().item(List.copyOf(all)) : installations(page + 1, all);
        });
    }

    /** The repositories an installation may read, every page of them, read with its token. */
    public Uni<List<GitHubAppApi.Repository>> repositories(long installation) {
        return installationToken(installation).chain(token -> repositories(token, 1, List.of()));
    }

    private Uni<List<GitHubAppApi.Repository>> repositories(String token, int page, List<GitHubAppApi.Repository> before) {
        return guards.read(config.github().apiUrl(), () -> api.repositories("Bearer " + token, PER_PAGE, page)).chain(found -> {
            List<GitHubAppApi.Repository> all = new ArrayList<>(before);
            List<GitHubAppApi.Repository> listed = found.repositories() == null ? List.of() : found.repositories();
            all.addAll(listed);
            return listed.size() < PER_PAGE || all.size() >= found.totalCount() || page >= MAX_PAGES
                    ? Uni.createFrom().item(List.copyOf(all)) : repositories(token, page + 1, all);
        });
    }

    /** An access token of the installation, valid at least {@link #RENEW_BEFORE}. */
    public Uni<String> installationToken(long installation) {
        GitHubAppApi.AccessToken known = tokens.get(installation);
        // One GitHub refused (revoked, or a clock off) is never sent again (EndedTokenFilter): a new one is asked for.
        if (known != null && known.expiresAt().isAfter(clock.instant().plus(RENEW_BEFORE)) && !sessions.isEnded(known.token())) {
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
