package dev.promenade.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.GitHubCalls;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryHost;
import dev.promenade.pipeline.RepositoryName;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;

/**
 * Which configured repositories the signed-in user may read and push to, as GitHub says with
 * their token. A repository they cannot read behaves exactly like one that is not configured.
 */
@ApplicationScoped
public class RepositoryPermissions {

    @Inject
    Catalog catalog;

    @Inject
    RepositoryHost host;

    @Inject
    CurrentUser user;

    @Inject
    @GitHubCalls
    Executor executor;

    @Inject
    Clock clock;

    @Inject
    PromenadeConfig config;

    /**
     * Answers are kept longer than they are trusted (see {@code promenade.access-check-ttl}): a stale
     * one is used only while GitHub cannot be asked.
     */
    @Inject
    @CacheName("repository-access")
    Cache answers;

    /** The configured repositories the user may read, in configuration order, checked concurrently. */
    public Visibility visibility() {
        List<CompletableFuture<Optional<RepositoryAccess>>> checks = catalog.pipelines().stream()
                .map(pipeline -> CompletableFuture.supplyAsync(() -> access(pipeline.repository()), executor))
                .toList();
        List<ReadableRepository> readable = new ArrayList<>();
        int unchecked = 0;
        GitHubFailure firstFailure = null;
        for (int i = 0; i < checks.size(); i++) {
            try {
                Optional<RepositoryAccess> access = checks.get(i).join();
                if (access.isPresent()) {
                    readable.add(new ReadableRepository(catalog.pipelines().get(i), access.get()));
                }
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof GitHubFailure failure) || failure.kind() == GitHubFailure.Kind.UNAUTHORIZED) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
                unchecked++;
                firstFailure = firstFailure == null ? failure : firstFailure;
            }
        }
        return new Visibility(readable, unchecked, firstFailure);
    }

    /**
     * The configured repository the user may read.
     *
     * @throws NotFoundException when it is not configured or the user may not read it, alike
     */
    public ReadableRepository readable(String owner, String name) {
        Pipeline pipeline = RepositoryName.parse(owner + "/" + name)
                .flatMap(catalog::find)
                .orElseThrow(() -> new NotFoundException("No repository " + owner + "/" + name + " here"));
        return access(pipeline.repository())
                .map(access -> new ReadableRepository(pipeline, access))
                .orElseThrow(() -> new NotFoundException("No repository " + owner + "/" + name + " here"));
    }

    /** What the user may do now, asking GitHub even if a recent answer is known: for actions that change things. */
    public Optional<RepositoryAccess> freshAccess(RepositoryName repository) {
        return ask(repository, key(repository)).access();
    }

    private Optional<RepositoryAccess> access(RepositoryName repository) {
        String key = key(repository);
        Answer known = known(key);
        if (known != null && known.checkedAt().plus(config.accessCheckTtl()).isAfter(clock.instant())) {
            return known.access();
        }
        try {
            return ask(repository, key).access();
        } catch (GitHubFailure failure) {
            if (known != null && failure.isTransient()) {
                return known.access();
            }
            throw failure;
        }
    }

    private Answer ask(RepositoryName repository, String key) {
        Answer answer;
        try {
            answer = new Answer(Optional.of(host.access(repository)), clock.instant());
        } catch (GitHubFailure failure) {
            if (failure.kind() != GitHubFailure.Kind.NOT_FOUND && failure.kind() != GitHubFailure.Kind.FORBIDDEN) {
                throw failure;
            }
            answer = new Answer(Optional.empty(), clock.instant());
        }
        answers.as(CaffeineCache.class).put(key, CompletableFuture.completedFuture(answer));
        return answer;
    }

    private Answer known(String key) {
        CompletableFuture<Object> known = answers.as(CaffeineCache.class).getIfPresent(key);
        return known == null ? null : (Answer) known.join();
    }

    private String key(RepositoryName repository) {
        return user.login() + " " + repository.fullName().toLowerCase(Locale.ROOT);
    }

    private record Answer(Optional<RepositoryAccess> access, Instant checkedAt) {
    }
}
