package dev.promenade.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What CI says about each commit of a listed page: one GraphQL request per page of commits, and
 * none for a page shown again within the refresh interval, the same freshness as the snapshots.
 */
@ApplicationScoped
public class CommitChecks {

    private final PipelineReader reader;
    private final Cache<String, Checks> known;

    @Inject
    public CommitChecks(PipelineReader reader, Freshness freshness) {
        this.reader = reader;
        this.known = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(freshness.refreshAfter()).build();
    }

    /**
     * The checks of {@code commits}, by SHA; a commit GitHub did not answer for is missing, and when
     * GitHub fails the list simply shows no CI (never fails the page).
     */
    public CompletionStage<Map<String, Checks>> of(Viewer viewer, RepositoryName repository, List<Commit> commits) {
        Map<String, Checks> found = new HashMap<>();
        List<String> asked = commits.stream().map(Commit::sha).distinct().filter(sha -> {
            Checks checks = known.getIfPresent(key(repository, sha));
            if (checks != null) {
                found.put(sha, checks);
            }
            return checks == null;
        }).limit(CommitLists.PAGE_SIZE).toList();
        if (asked.isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        return reader.checks(repository, asked, viewer).handle((answers, failure) -> {
            if (answers != null) {
                answers.forEach((sha, checks) -> known.put(key(repository, sha), checks));
                found.putAll(answers);
            }
            return found;
        });
    }

    private static String key(RepositoryName repository, String sha) {
        return repository.fullName().toLowerCase(Locale.ROOT) + "@" + sha;
    }
}
